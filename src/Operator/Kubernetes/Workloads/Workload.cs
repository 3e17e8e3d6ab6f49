using k8s.Models;
using Rotator.Api;

namespace Rotator.Operator.Kubernetes.Workloads;

/// <summary>
/// A Deployment, StatefulSet or DaemonSet as restarts and rollout tracking read it: the pod template (where
/// the restart annotation goes and Secret references are found), the few spec fields that say how a rollout
/// proceeds, and the union of the three kinds' rollout status. One shape for three library models, so the
/// rollout rules are written once and tested on hand-built values.
/// </summary>
public sealed record Workload
{
    public required WorkloadKind Kind { get; init; }

    public required V1ObjectMeta Metadata { get; init; }

    public V1PodTemplateSpec? Template { get; init; }

    /// <summary>Deployments and StatefulSets; null means 1.</summary>
    public int? Replicas { get; init; }

    /// <summary>Deployments: seconds before a stalled rollout is reported (default 600).</summary>
    public int? ProgressDeadlineSeconds { get; init; }

    /// <summary>Deployments: a paused Deployment does not roll out template changes until resumed.</summary>
    public bool? Paused { get; init; }

    /// <summary>StatefulSets and DaemonSets: <c>RollingUpdate</c> (the default) or <c>OnDelete</c>.</summary>
    public string? UpdateStrategy { get; init; }

    /// <summary>StatefulSets: only ordinals at or above the partition take the new template.</summary>
    public int? Partition { get; init; }

    public WorkloadStatus Status { get; init; } = new();

    public static Workload Of(V1Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var s = deployment.Status;
        return new Workload
        {
            Kind = WorkloadKind.Deployment,
            Metadata = deployment.Metadata,
            Template = deployment.Spec?.Template,
            Replicas = deployment.Spec?.Replicas,
            ProgressDeadlineSeconds = deployment.Spec?.ProgressDeadlineSeconds,
            Paused = deployment.Spec?.Paused,
            Status = s is null ? new WorkloadStatus() : new WorkloadStatus
            {
                ObservedGeneration = s.ObservedGeneration,
                Replicas = s.Replicas,
                UpdatedReplicas = s.UpdatedReplicas,
                ReadyReplicas = s.ReadyReplicas,
                AvailableReplicas = s.AvailableReplicas,
                Conditions = [.. (s.Conditions ?? []).Select(c => new WorkloadCondition(c.Type, c.Status, c.Reason))],
            },
        };
    }

    public static Workload Of(V1StatefulSet statefulSet)
    {
        ArgumentNullException.ThrowIfNull(statefulSet);
        var s = statefulSet.Status;
        return new Workload
        {
            Kind = WorkloadKind.StatefulSet,
            Metadata = statefulSet.Metadata,
            Template = statefulSet.Spec?.Template,
            Replicas = statefulSet.Spec?.Replicas,
            UpdateStrategy = statefulSet.Spec?.UpdateStrategy?.Type,
            Partition = statefulSet.Spec?.UpdateStrategy?.RollingUpdate?.Partition,
            Status = s is null ? new WorkloadStatus() : new WorkloadStatus
            {
                ObservedGeneration = s.ObservedGeneration,
                Replicas = s.Replicas,
                UpdatedReplicas = s.UpdatedReplicas,
                ReadyReplicas = s.ReadyReplicas,
                AvailableReplicas = s.AvailableReplicas,
                CurrentReplicas = s.CurrentReplicas,
                CurrentRevision = s.CurrentRevision,
                UpdateRevision = s.UpdateRevision,
            },
        };
    }

    public static Workload Of(V1DaemonSet daemonSet)
    {
        ArgumentNullException.ThrowIfNull(daemonSet);
        var s = daemonSet.Status;
        return new Workload
        {
            Kind = WorkloadKind.DaemonSet,
            Metadata = daemonSet.Metadata,
            Template = daemonSet.Spec?.Template,
            UpdateStrategy = daemonSet.Spec?.UpdateStrategy?.Type,
            Status = s is null ? new WorkloadStatus() : new WorkloadStatus
            {
                ObservedGeneration = s.ObservedGeneration,
                DesiredNumberScheduled = s.DesiredNumberScheduled,
                UpdatedNumberScheduled = s.UpdatedNumberScheduled,
                NumberAvailable = s.NumberAvailable,
                NumberReady = s.NumberReady,
            },
        };
    }
}
