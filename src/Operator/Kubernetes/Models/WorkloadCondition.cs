namespace Rotator.Operator.Kubernetes.Models;

/// <summary>A condition of a workload, e.g. Deployment <c>Progressing</c> with reason <c>ProgressDeadlineExceeded</c>.</summary>
public sealed record WorkloadCondition
{
    public string? Type { get; init; }

    public string? Status { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public DateTimeOffset? LastUpdateTime { get; init; }

    public DateTimeOffset? LastTransitionTime { get; init; }
}
