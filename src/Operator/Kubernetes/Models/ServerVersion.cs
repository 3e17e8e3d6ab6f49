namespace Rotator.Operator.Kubernetes.Models;

/// <summary>The API server's answer to <c>GET /version</c>.</summary>
public sealed record ServerVersion
{
    public string? Major { get; init; }

    public string? Minor { get; init; }

    /// <summary>e.g. <c>v1.20.2</c>.</summary>
    public string? GitVersion { get; init; }

    public string? Platform { get; init; }
}
