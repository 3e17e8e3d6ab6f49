namespace Rotator.Kubernetes;

/// <summary>Query of a list call.</summary>
public sealed record ListOptions
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; the server returns a continue token when more remain.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>"0" lets the server answer from its watch cache (cheaper, possibly a little stale).</summary>
    public string? ResourceVersion { get; init; }
}
