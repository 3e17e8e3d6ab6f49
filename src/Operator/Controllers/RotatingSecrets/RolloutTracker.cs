using Rotator.Api;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Follows the rollouts of the consumers restarted for the current version and reports them on <c>RolloutComplete</c>.</summary>
public sealed class RolloutTracker(WorkloadRestarter restarter, ResourceEvents events, RotatorMetrics metrics, RotatingSecretOptions options)
{
    /// <returns>The pass after it, and whether a rollout is still awaited (look again soon).</returns>
    public async Task<(ReconcileState State, bool Waiting)> TrackAsync(ReconcileState state, string current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var degraded = new List<string>();
        var failed = new List<string>();
        foreach (var record in StatusLists.Awaiting(state.Status.Restarts, current))
        {
            if (record.RestartedAt is null)
            {
                // A restart that failed earlier (RBAC, an admission webhook): try it again before following any rollout.
                state = await RetryRestartAsync(state, record, current, failed, cancellationToken);
                continue;
            }

            var rollout = await restarter.RolloutAsync(state.Namespace, new WorkloadRef(record.Kind ?? WorkloadKind.Deployment, record.Name ?? ""), current, cancellationToken);
            switch (rollout.Phase)
            {
                case RolloutPhase.Complete or RolloutPhase.Missing or RolloutPhase.Superseded:
                    state = state.With(s => s with { Restarts = StatusLists.Upsert(s.Restarts, record with { RolledOut = true }, options.RestartLimit) });
                    events.Record(state, EventType.Normal, StatusReasons.RolledOut, "Rollout", rollout.Message);
                    break;
                case RolloutPhase.Degraded:
                    degraded.Add(rollout.Message);
                    break;
            }
        }

        var still = StatusLists.Awaiting(state.Status.Restarts, current);
        var tracked = (state.Status.Restarts ?? []).Count(r => r.VersionId == current);
        metrics.RolloutPending(state.Namespace, state.Name, still.Count, tracked);
        if (failed.Count > 0)
        {
            var message = string.Join("; ", failed);
            state = state.WithCondition(ConditionTypes.RolloutComplete, Conditions.False, StatusReasons.RestartFailed, message);
        }
        else if (degraded.Count > 0)
        {
            var message = string.Join("; ", degraded);
            state = state.WithCondition(ConditionTypes.RolloutComplete, Conditions.False, StatusReasons.RolloutDegraded, message);
            events.Record(state, EventType.Warning, StatusReasons.RolloutDegraded, "Rollout", message, onlyOnChangeOf: ConditionTypes.RolloutComplete);
        }
        else if (still.Count > 0)
        {
            state = state.WithCondition(ConditionTypes.RolloutComplete, Conditions.False, StatusReasons.RolloutInProgress, $"waiting for {StatusLists.Names(still)} to run version {current}");
        }
        else if (tracked > 0)
        {
            state = state.WithCondition(ConditionTypes.RolloutComplete, Conditions.True, StatusReasons.RolledOut, $"{tracked} restarted workload(s) run version {current}");
        }
        else
        {
            state = state.WithCondition(ConditionTypes.RolloutComplete, Conditions.True, StatusReasons.NoRestartNeeded, $"no consumer restart was needed for version {current}");
        }

        return (state, still.Count > 0);
    }

    private async Task<ReconcileState> RetryRestartAsync(ReconcileState state, RestartRecord record, string current, List<string> failed, CancellationToken cancellationToken)
    {
        var workload = new WorkloadRef(record.Kind ?? WorkloadKind.Deployment, record.Name ?? "");
        try
        {
            var restart = await restarter.RestartAsync(state.Namespace, workload, current, null, cancellationToken);
            metrics.Restarted(workload.Kind.ToString(), restart.Restarted ? "restarted" : "unchanged");
            if (restart.Restarted)
            {
                events.Record(state, EventType.Normal, StatusReasons.Restarted, "Restart", $"{workload.Kind}/{workload.Name} restarted for version {current}");
            }

            return state.With(s => s with { Restarts = StatusLists.Upsert(s.Restarts, record with { RestartedAt = Conditions.Truncate(restart.At) }, options.RestartLimit) });
        }
        catch (KubernetesApiException e)
        {
            metrics.Restarted(workload.Kind.ToString(), "error");
            failed.Add($"restarting {workload.Kind}/{workload.Name} for version {current} failed: {e.Message}");
            return state;
        }
    }
}
