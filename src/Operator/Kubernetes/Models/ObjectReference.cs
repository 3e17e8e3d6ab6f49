namespace Rotator.Operator.Kubernetes.Models;

/// <summary>Points at one object (the <c>regarding</c> of an Event).</summary>
public sealed record ObjectReference
{
    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Uid { get; init; }

    public string? ResourceVersion { get; init; }
}
