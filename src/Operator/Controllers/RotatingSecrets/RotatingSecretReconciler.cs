using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Reconciles one RotatingSecret as a short, level-based sequence: observe (spec, tenancy, the AWS secret's labels)
/// → rotate or roll back when asked or due → mirror AWSCURRENT into the Secret → restart the consumers that can hold
/// other data → follow their rollout → report through the status, events and metrics. Every step is safe to
/// repeat: the rotation's version id is in the status before AWS is touched, the mirror writes only what differs,
/// and restarts are keyed by version, so a crash anywhere resumes without doing anything twice.
/// </summary>
public sealed class RotatingSecretReconciler(
    DeletionHandler deletion,
    SecretObserver observer,
    RotationPhase rotation,
    MirrorPhase mirror,
    RestartPhase restarts,
    RolloutTracker rollouts,
    RetainedCredentialPhase retained,
    StatusWriter status,
    ResourceEvents events,
    RotatingSecretOptions options,
    RotatorMetrics metrics,
    TimeProvider time,
    ILogger<RotatingSecretReconciler> logger) : IReconciler<RotatingSecret>, IStartPrimer<RotatingSecret>
{
    /// <summary>A start over mirrored resources lists their AWS secrets once instead of describing each (see <see cref="SecretObserver.Prime"/>).</summary>
    public void Prime(IReadOnlyList<RotatingSecret> cached) => observer.Prime(cached);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, RotatingSecret? resource, CancellationToken cancellationToken)
    {
        if (resource is null)
        {
            deletion.Forget(key.Namespace ?? "", key.Name);
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Namespace"] = key.Namespace ?? "", ["Name"] = key.Name });
        if (resource.Metadata.DeletionTimestamp is not null)
        {
            await deletion.FinalizeAsync(resource, cancellationToken);
            return ReconcileResult.Done;
        }

        resource = await deletion.GuardAsync(resource, cancellationToken);
        var (state, delay) = await PassAsync(ReconcileState.Start(resource, time.GetUtcNow()), cancellationToken);
        await status.WriteAsync(state, cancellationToken);
        return ReconcileResult.After(Delays.Jitter(delay));
    }

    /// <returns>The status to store, and when to look again.</returns>
    private async Task<(ReconcileState State, TimeSpan Delay)> PassAsync(ReconcileState state, CancellationToken cancellationToken)
    {
        var observed = await observer.ObserveAsync(state, cancellationToken);
        if (observed.Observed is not { } seen)
        {
            return (observed.State, observed.RetryAfter);
        }

        var (outcome, description) = await rotation.RunAsync(observed.State, seen, cancellationToken);
        state = outcome.State;
        var delay = Delays.Min(seen.Spec.RefreshInterval, outcome.RetryAfter);
        if (state.Status.NextRotationTime is { } next && next > state.Now)
        {
            delay = Delays.Min(delay, next - state.Now + TimeSpan.FromSeconds(1));
        }

        if (SecretVersions.CurrentOf(description) is not { } current)
        {
            return (events.NotReady(state, StatusReasons.SecretNotFound, $"secret '{seen.Spec.SecretId}' has no AWSCURRENT version yet"), delay);
        }

        var mirrored = await mirror.MirrorAsync(state, seen.Spec, seen.Secrets, current, outcome.Moved, cancellationToken);
        if (!mirrored.Mirrored)
        {
            return (mirrored.State, Delays.Min(delay, options.RetryDelay));
        }

        state = mirrored.State;
        var previous = state.Original.CurrentVersionId;
        if (outcome.Moved is { } moved)
        {
            metrics.Propagated("secret", time.GetElapsedTime(moved.At));
        }
        else if (previous is not null && previous != current)
        {
            events.Record(state, EventType.Normal, StatusReasons.ChangedOutside, "Mirror",
                $"AWSCURRENT of '{seen.Spec.SecretId}' moved from {previous} to {current} outside this operator (console, Lambda or put-secret-value)");
        }

        if (previous != current)
        {
            // A version not propagated yet (the first pass included): consumers move by what they can hold. The status's
            // record of the last mirrored version wins over the Secret as read, since a Secret deleted and re-created
            // meanwhile says nothing of the pods still running.
            var held = previous is not null ? HeldVersion.Mirrored(previous, state.Original.CurrentUsername) : mirrored.Held;
            state = await restarts.RestartAsync(state, seen.Spec, held, current, outcome.Moved, cancellationToken);
        }

        var (tracked, waiting) = await rollouts.TrackAsync(state, current, cancellationToken);
        state = waiting ? tracked : await retained.DiscardAsync(tracked, seen, current, cancellationToken);
        delay = waiting ? Delays.Min(delay, options.RolloutPollInterval) : delay;
        metrics.SecretObserved(state.Namespace, state.Name, description.LastChangedDate, state.Status.NextRotationTime);
        metrics.AwaitingApproval(state.Namespace, state.Name, seen.Spec.Approval == ApprovalMode.Manual, state.Status.Rotation is { AwaitingApprovalSince: not null, ApprovedAt: null });
        state = outcome.Problem is { } problem
            ? events.NotReady(state, problem.Reason, problem.Message)
            : state.WithCondition(ConditionTypes.Ready, Conditions.True, StatusReasons.Mirrored, $"Secret {seen.Spec.TargetName} holds version {current}");
        return (state, delay);
    }
}
