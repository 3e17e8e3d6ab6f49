namespace Rotator.Operator.Kubernetes.Workloads;

/// <summary>A condition of a workload, e.g. Deployment <c>Progressing</c> with reason <c>ProgressDeadlineExceeded</c>.</summary>
public sealed record WorkloadCondition(string? Type, string? Status, string? Reason);
