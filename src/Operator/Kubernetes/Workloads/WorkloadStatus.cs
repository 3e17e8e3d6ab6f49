namespace Rotator.Operator.Kubernetes.Workloads;

/// <summary>The union of the rollout fields of Deployment, StatefulSet and DaemonSet status.</summary>
public sealed record WorkloadStatus
{
    public long? ObservedGeneration { get; init; }

    public int? Replicas { get; init; }

    public int? UpdatedReplicas { get; init; }

    public int? ReadyReplicas { get; init; }

    public int? AvailableReplicas { get; init; }

    /// <summary>StatefulSets: replicas at <see cref="CurrentRevision"/>.</summary>
    public int? CurrentReplicas { get; init; }

    public string? CurrentRevision { get; init; }

    public string? UpdateRevision { get; init; }

    public int? DesiredNumberScheduled { get; init; }

    public int? UpdatedNumberScheduled { get; init; }

    public int? NumberAvailable { get; init; }

    public int? NumberReady { get; init; }

    /// <summary>Deployments: e.g. <c>Progressing</c> with reason <c>ProgressDeadlineExceeded</c>.</summary>
    public IReadOnlyList<WorkloadCondition> Conditions { get; init; } = [];
}
