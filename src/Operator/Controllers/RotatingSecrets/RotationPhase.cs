using Rotator.Api;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Decides what a pass does about rotation, and does it: a rollback when one is asked for (or in flight), else a
/// due rotation unless the alternating-users drain gate holds it, else only reports why nothing runs.
/// </summary>
public sealed class RotationPhase(RotationRunner rotations, RollbackRunner rollbacks, ResourceEvents events, RotatingSecretOptions options)
{
    /// <returns>The outcome, and the secret's labels after it (moved when AWSCURRENT moved).</returns>
    public async Task<(PhaseOutcome Outcome, SecretDescription Description)> RunAsync(ReconcileState state, Observation observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observed);
        var spec = observed.Spec;
        var decision = observed.Decision;
        PhaseOutcome outcome;
        if (RollbackTrigger.Pending(state.Resource))
        {
            // A rollback is asked for (or in flight): no rotation starts in the same pass.
            outcome = await rollbacks.RollBackAsync(state, observed, cancellationToken);
        }
        else if (decision.Due)
        {
            var waitingFor = StatusLists.Awaiting(state.Status.Restarts, state.Status.CurrentVersionId);
            if (state.Status.Rotation is null && spec.Strategy.AlternatesUsers() && spec.WaitForRollout && waitingFor.Count > 0)
            {
                // Drain gate: the next setSecret would change the password of the user these consumers still run on.
                var message = $"next rotation ({decision.Why}) waits until {StatusLists.Names(waitingFor)} run on version {state.Status.CurrentVersionId}";
                state = state.WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.WaitingForRollout, message);
                events.Record(state, EventType.Normal, StatusReasons.WaitingForRollout, "Rotate", message, onlyOnChangeOf: ConditionTypes.Rotating);
                return (new PhaseOutcome(state, options.RolloutPollInterval), observed.Description);
            }

            outcome = await rotations.RotateAsync(state, observed, cancellationToken);
        }
        else if (state.Status.Rotation is null)
        {
            // The outcome of the last request stays on the condition until the next one, so it can be read after the
            // fact: a rollback's, and a refused rotation's until the spec changes (the fix is usually there).
            if (!KeepsOutcome(state))
            {
                state = state.WithCondition(ConditionTypes.Rotating, Conditions.False, spec.Suspend ? StatusReasons.Suspended : StatusReasons.Idle, decision.Why);
            }

            return (new PhaseOutcome(state), observed.Description);
        }
        else
        {
            state = state.WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.RotationOrphaned, decision.Why);
            events.Record(state, EventType.Warning, StatusReasons.RotationOrphaned, "Rotate", decision.Why, onlyOnChangeOf: ConditionTypes.Rotating);
            return (new PhaseOutcome(state), observed.Description);
        }

        return await DescribedAsync(outcome, observed, cancellationToken);
    }

    private static bool KeepsOutcome(ReconcileState state)
    {
        var rotating = Conditions.Find(state.Status.Conditions, ConditionTypes.Rotating);
        return rotating?.Reason is StatusReasons.RolledBack or StatusReasons.RollbackRefused
            || (rotating is { Status: Conditions.False } && state.Status.History is [{ Result: HistoryResult.Refused }, ..]
                && rotating.ObservedGeneration == state.Resource.Metadata.Generation);
    }

    private static async Task<(PhaseOutcome Outcome, SecretDescription Description)> DescribedAsync(PhaseOutcome outcome, Observation observed, CancellationToken cancellationToken)
    {
        // The engine moved the labels itself and knows where they went; an AWS-managed rotation
        // (or a replay of a finished one) is read back instead.
        var description = outcome.Moved is null
            ? observed.Description
            : outcome.Moved.Value is { } value
                ? observed.Description.AfterFinish(value.VersionId, outcome.State.Now)
                : await observed.Secrets.DescribeSecretAsync(observed.Spec.SecretId, cancellationToken);
        return (outcome, description);
    }
}
