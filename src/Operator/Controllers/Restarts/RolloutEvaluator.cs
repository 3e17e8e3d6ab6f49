using System.Globalization;
using Rotator.Api;
using Rotator.Operator.Kubernetes.Workloads;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// Reads a workload's status the way <c>kubectl rollout status</c> does and says whether its rollout
/// onto a version is done. Pure, so every rule is unit-tested on hand-built objects; the StatefulSet and
/// DaemonSet stall deadline (their controllers report none) is applied by <see cref="WorkloadRestarter"/>.
/// </summary>
public static class RolloutEvaluator
{
    /// <summary>The Deployment controller's reason on the Progressing condition once progressDeadlineSeconds passed without progress.</summary>
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    private const string OnDelete = "OnDelete";

    public static RolloutState Evaluate(WorkloadRef workload, Workload? current, string versionId)
    {
        ArgumentNullException.ThrowIfNull(workload);
        if (current is null)
        {
            return new RolloutState(workload, RolloutPhase.Missing, $"{workload} no longer exists");
        }

        var annotations = current.Template?.Metadata?.Annotations;
        if (annotations is null || !annotations.TryGetValue(RestartAnnotations.RestartedFor, out var restartedFor))
        {
            return new RolloutState(workload, RolloutPhase.Superseded, $"{workload}: its pod template no longer carries {RestartAnnotations.RestartedFor}");
        }

        if (!string.Equals(restartedFor, versionId, StringComparison.Ordinal))
        {
            return new RolloutState(workload, RolloutPhase.Superseded, $"{workload} was restarted for another version since");
        }

        var status = current.Status;
        var observed = status.ObservedGeneration;
        if (observed is null || observed < (current.Metadata.Generation ?? 0))
        {
            return Progressing(workload, "waiting for its controller to observe the restart");
        }

        return workload.Kind switch
        {
            WorkloadKind.Deployment => Deployment(workload, current, status),
            WorkloadKind.StatefulSet => StatefulSet(workload, current, status),
            WorkloadKind.DaemonSet => DaemonSet(workload, current, status),
            _ => throw new ArgumentOutOfRangeException(nameof(workload), workload.Kind, "unknown workload kind"),
        };
    }

    /// <summary>The counts whose change means the rollout moved; a stall deadline restarts whenever this changes.</summary>
    public static string Progress(Workload current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var s = current.Status;
        return string.Join(
            '|',
            current.Metadata.Generation,
            s.ObservedGeneration,
            s.Replicas,
            s.UpdatedReplicas,
            s.ReadyReplicas,
            s.AvailableReplicas,
            s.CurrentReplicas,
            s.CurrentRevision,
            s.DesiredNumberScheduled,
            s.UpdatedNumberScheduled,
            s.NumberReady,
            s.NumberAvailable);
    }

    private static RolloutState Deployment(WorkloadRef workload, Workload current, WorkloadStatus status)
    {
        var replicas = current.Replicas ?? 1;
        var updated = status.UpdatedReplicas ?? 0;
        var total = status.Replicas ?? 0;
        var available = status.AvailableReplicas ?? 0;
        var progressing = status.Conditions.FirstOrDefault(c => c.Type == "Progressing");
        if (progressing?.Reason == ProgressDeadlineExceeded)
        {
            return new RolloutState(
                workload,
                RolloutPhase.Degraded,
                Invariant($"{workload} exceeded its progress deadline ({current.ProgressDeadlineSeconds ?? 600}s): {updated} of {replicas} replicas updated, {available} available"));
        }

        var paused = current.Paused == true ? " (paused: rolls out once resumed)" : "";
        if (updated < replicas)
        {
            return Progressing(workload, Invariant($"{updated} of {replicas} new replicas updated{paused}"));
        }

        if (total > updated)
        {
            return Progressing(workload, Invariant($"{total - updated} old replicas pending termination{paused}"));
        }

        if (available < updated)
        {
            return Progressing(workload, Invariant($"{available} of {updated} updated replicas available"));
        }

        return Complete(workload, Invariant($"{updated} replicas updated and available"));
    }

    private static RolloutState StatefulSet(WorkloadRef workload, Workload current, WorkloadStatus status)
    {
        var replicas = current.Replicas ?? 1;
        var ready = status.ReadyReplicas ?? 0;
        var updated = status.UpdatedReplicas ?? 0;
        if (current.UpdateStrategy == OnDelete)
        {
            // kubectl refuses to track OnDelete; we report it, because pods move only when someone deletes them.
            return updated < replicas
                ? Progressing(workload, Invariant($"{updated} of {replicas} pods updated; updateStrategy OnDelete replaces pods only when they are deleted"))
                : ready < replicas
                    ? Progressing(workload, Invariant($"{ready} of {replicas} pods ready"))
                    : Complete(workload, Invariant($"{replicas} pods updated and ready"));
        }

        if (ready < replicas)
        {
            return Progressing(workload, Invariant($"{ready} of {replicas} pods ready, {updated} updated"));
        }

        // A partition holds back the ordinals below it on purpose: the rollout is done when the rest moved.
        var partition = Math.Clamp(current.Partition ?? 0, 0, replicas);
        var wanted = replicas - partition;
        if (updated < wanted)
        {
            return Progressing(workload, Invariant($"{updated} of {wanted} pods updated"));
        }

        if (partition == 0 && status.UpdateRevision is { } update && status.CurrentRevision is { } currentRevision && update != currentRevision)
        {
            return Progressing(workload, Invariant($"{updated} of {replicas} pods updated; waiting for the controller to finish the rolling update"));
        }

        return Complete(workload, partition == 0
            ? Invariant($"{replicas} pods updated and ready")
            : Invariant($"{updated} pods at or above partition {partition} updated, {ready} of {replicas} ready"));
    }

    private static RolloutState DaemonSet(WorkloadRef workload, Workload current, WorkloadStatus status)
    {
        var desired = status.DesiredNumberScheduled ?? 0;
        var updated = status.UpdatedNumberScheduled ?? 0;
        var available = status.NumberAvailable ?? 0;
        if (updated < desired)
        {
            var onDelete = current.UpdateStrategy == OnDelete ? "; updateStrategy OnDelete replaces pods only when they are deleted" : "";
            return Progressing(workload, Invariant($"{updated} of {desired} new pods updated{onDelete}"));
        }

        if (available < desired)
        {
            return Progressing(workload, Invariant($"{available} of {desired} updated pods available"));
        }

        return Complete(workload, Invariant($"{desired} pods updated and available"));
    }

    private static RolloutState Progressing(WorkloadRef workload, string detail) =>
        new(workload, RolloutPhase.Progressing, $"{workload} rolling out: {detail}");

    private static RolloutState Complete(WorkloadRef workload, string detail) =>
        new(workload, RolloutPhase.Complete, $"{workload} rolled out: {detail}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
