using Rotator.Api;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Dual passwords: once every consumer runs on the version this operator rotated (or rolled back) to, the previous
/// password, kept so nothing broke during the rollout, is dropped through the engine. Done once per version.
/// </summary>
public sealed class RetainedCredentialPhase(IStrategyCatalog strategies, ResourceEvents events, TimeProvider time)
{
    public async Task<ReconcileState> DiscardAsync(ReconcileState state, Observation observed, string current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observed);
        var spec = observed.Spec;
        var rotatedHere = state.Status.History is { Count: > 0 } history && history[0].VersionId == current && history[0].Result is HistoryResult.Succeeded or HistoryResult.Reverted;
        if (!spec.RotatesItself || !rotatedHere || state.Status.RetainedPasswordDiscardedFor == current)
        {
            return state;
        }

        var request = new RetainedCredentialRequest { SecretId = spec.SecretId, VersionId = current, Passwords = new PasswordGenerator(spec.Password) };
        var outcome = await new RotationEngine(observed.Secrets, null, time).DiscardRetainedAsync(request, strategies.Create(spec.DrivenSettings, observed.Scope), cancellationToken);
        switch (outcome?.Result)
        {
            case null:
                return state;
            case RotationResult.Succeeded:
                state = state.With(s => s with { RetainedPasswordDiscardedFor = current });
                events.Record(state, EventType.Normal, "RetainedPasswordDiscarded", "DiscardRetained", $"consumers run on version {current}: the previous password no longer works");
                return state;
            default:
                // Refused or not answered: the next reconcile tries again; the previous password still works meanwhile.
                events.Record(state, EventType.Warning, outcome.Reason, "DiscardRetained", $"the previous password could not be discarded yet: {outcome.Message}");
                return state;
        }
    }
}
