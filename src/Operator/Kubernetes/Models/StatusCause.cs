namespace Rotator.Operator.Kubernetes.Models;

/// <summary>One reason an object was refused, e.g. a field that failed validation.</summary>
public sealed record StatusCause
{
    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Field { get; init; }
}
