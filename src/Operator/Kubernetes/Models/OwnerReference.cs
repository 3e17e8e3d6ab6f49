namespace Rotator.Operator.Kubernetes.Models;

/// <summary>Links a dependent (the mirrored Secret) to its owner for garbage collection.</summary>
public sealed record OwnerReference
{
    public required string ApiVersion { get; init; }

    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; init; }

    public bool? Controller { get; init; }

    public bool? BlockOwnerDeletion { get; init; }
}
