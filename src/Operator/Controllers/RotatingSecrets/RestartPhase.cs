using Rotator.Api;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Restarts the consumers that can hold other data than the current version (<see cref="RestartPolicy"/>) and records
/// every one on <c>status.restarts</c>, so the drain gate and <c>RolloutComplete</c> count it.
/// </summary>
public sealed class RestartPhase(
    ConsumerResolver consumers, WorkloadRestarter restarter, ResourceEvents events, RotatorMetrics metrics, RotatingSecretOptions options, TimeProvider time)
{
    /// <param name="state">The pass, after the mirror.</param>
    /// <param name="spec">The resolved spec.</param>
    /// <param name="held">What the consumers can hold.</param>
    /// <param name="current">The version they move to.</param>
    /// <param name="moved">This pass's rotation, whose finish the restart propagation metric is timed from.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<ReconcileState> RestartAsync(ReconcileState state, ResolvedSpec spec, HeldVersion held, string current, CurrentMoved? moved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        var scope = RestartPolicy.Decide(spec.RestartWhen, spec.Strategy, held, state.Status.CurrentUsername);
        if (scope == RestartScope.None)
        {
            return state;
        }

        var ns = state.Namespace;
        var set = await consumers.ResolveAsync(ns, state.Resource.Spec.Restart, spec.TargetName, scope, cancellationToken);
        foreach (var missing in set.Missing)
        {
            events.Record(state, EventType.Warning, StatusReasons.RestartTargetMissing, "Restart", $"restart target {missing.Kind}/{missing.Name} does not exist in namespace {ns}");
        }

        var restartedAny = false;
        foreach (var workload in set.Found)
        {
            RestartOutcome restart;
            try
            {
                restart = await restarter.RestartAsync(ns, workload, current, set.Read.GetValueOrDefault(workload), cancellationToken);
            }
            catch (KubernetesApiException e)
            {
                // Owed, not forgotten: the record without a restart time makes the rollout tracker try again on the next
                // passes and keeps RolloutComplete False, where nothing recorded read as "no restart needed" for good.
                metrics.Restarted(workload.Kind.ToString(), "error");
                events.Record(state, EventType.Warning, StatusReasons.RestartFailed, "Restart", $"restarting {workload.Kind}/{workload.Name} for version {current} failed: {e.Message}");
                var owed = new RestartRecord { Kind = workload.Kind, Name = workload.Name, VersionId = current, RolledOut = false };
                state = state.With(s => s with { Restarts = StatusLists.Upsert(s.Restarts, owed, options.RestartLimit) });
                continue;
            }

            metrics.Restarted(workload.Kind.ToString(), restart.Restarted ? "restarted" : "unchanged");
            var record = new RestartRecord { Kind = workload.Kind, Name = workload.Name, VersionId = current, RestartedAt = Conditions.Truncate(restart.At), RolledOut = spec.WaitForRollout ? false : null };
            state = state.With(s => s with { Restarts = StatusLists.Upsert(s.Restarts, record, options.RestartLimit) });
            if (restart.Restarted)
            {
                events.Record(state, EventType.Normal, StatusReasons.Restarted, "Restart", $"{workload.Kind}/{workload.Name} restarted for version {current}");
                restartedAny = true;
            }
        }

        if (restartedAny && moved is not null)
        {
            metrics.Propagated("restart", time.GetElapsedTime(moved.At));
        }

        return state;
    }
}
