using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Engine;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>The approval gate's side of a pass: <see cref="ApprovalGate"/> decides, this applies it to the status.</summary>
public sealed class ApprovalHandler(ResourceEvents events, RotatorMetrics metrics, RotatingSecretOptions options, ILogger<ApprovalHandler> logger)
{
    /// <summary>The engine stopped before setSecret: the pending version is stored and now waits for approval.</summary>
    public PhaseOutcome Held(ReconcileState state, ResolvedSpec spec, string? staleApproval, int attempts)
    {
        ArgumentNullException.ThrowIfNull(state);
        // The run that stored AWSPENDING is not an attempt at the steps the gate holds back: after approval,
        // the first try of setSecret is attempt 1 of MaxRotationAttempts.
        state = state.With(s => s with
        {
            Rotation = s.Rotation! with { Step = RotationStepNames.SetSecret, Attempts = attempts - 1, LastError = null, AwaitingApprovalSince = s.Rotation!.AwaitingApprovalSince ?? state.Now },
        });
        var waiting = Await(state, spec, staleApproval);
        events.Record(waiting.State, EventType.Normal, StatusReasons.AwaitingApproval, "Rotate", Conditions.Find(waiting.State.Status.Conditions, ConditionTypes.Rotating)!.Message);
        return waiting;
    }

    /// <summary>
    /// A rotation waiting for approval: reported, nothing else. No AWS write and no call to the target, however
    /// many refreshes pass; the approval annotation is a metadata change, which the watch delivers at once.
    /// </summary>
    public PhaseOutcome Await(ReconcileState state, ResolvedSpec spec, string? staleApproval)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        var rotation = state.Status.Rotation!;
        var versionId = rotation.VersionId;
        var deadline = rotation.AwaitingApprovalSince + spec.ApprovalTimeout;
        var message = $"rotation {versionId} waits for approval before setSecret (AWSPENDING stored, the target is unchanged): "
            + $"run `kubectl rotator approve {state.Name}` or annotate {RequestAnnotations.Approve}={versionId}"
            + (deadline is { } d ? $"; discarded if not approved by {d.UtcDateTime:u}" : "");
        if (staleApproval is not null)
        {
            message += $"; {RequestAnnotations.Approve}={staleApproval} names another version and approves nothing";
        }

        state = state.WithCondition(ConditionTypes.Rotating, Conditions.True, StatusReasons.AwaitingApproval, message);
        if (staleApproval is not null)
        {
            // Once per value: the condition message changes only when the annotation does.
            events.Record(state, EventType.Warning, StatusReasons.ApprovalIgnored, "Approve",
                $"{RequestAnnotations.Approve} names version {staleApproval} but the pending version is {versionId}: nothing approved", onlyOnChangeOf: ConditionTypes.Rotating);
        }

        return new PhaseOutcome(state, deadline is { } until ? (until - state.Now > TimeSpan.Zero ? until - state.Now : TimeSpan.Zero) + TimeSpan.FromSeconds(1) : null);
    }

    /// <summary>
    /// Nobody approved in time: the pending version is discarded as an abandoned rotation's is (AWSPENDING
    /// removed), with its own history result, so the next rotation starts fresh. The target was never touched.
    /// </summary>
    public async Task<PhaseOutcome> ExpireAsync(ReconcileState state, ResolvedSpec spec, RotationEngine engine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(engine);
        var rotation = state.Status.Rotation!;
        var versionId = rotation.VersionId!;
        var discarded = await engine.AbandonAsync(spec.SecretId, versionId, cancellationToken);
        if (discarded.Result == RotationResult.Failed)
        {
            // Secrets Manager did not answer: still waiting (an approval now still counts); tried again soon.
            state = state.WithCondition(ConditionTypes.Rotating, Conditions.True, StatusReasons.AwaitingApproval,
                $"rotation {versionId} was not approved in time and is being discarded: {discarded.Message}");
            return new PhaseOutcome(state, options.RetryDelay, Problem: new ResourceProblem(StatusReasons.AwsError, discarded.Message));
        }

        var timeout = spec.ApprovalTimeout is { } t ? $" within {t}" : "";
        var message = $"rotation {versionId} was not approved{timeout}: {discarded.Message}; the target never changed";
        logger.LogWarning("Rotation {VersionId} of {SecretId} expired without approval: {Message}", versionId, spec.SecretId, discarded.Message);
        metrics.RotationFinished(spec.Strategy.ToString(), HistoryResult.Expired.ToString());
        state = state.With(s => s with
        {
            Rotation = null,
            History = StatusLists.Upsert(s.History,
                new RotationHistoryEntry { VersionId = versionId, StartedAt = rotation.StartedAt, FinishedAt = state.Now, Result = HistoryResult.Expired }, options.HistoryLimit),
        }).WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.ApprovalExpired, message);
        events.Record(state, EventType.Warning, StatusReasons.ApprovalExpired, "Rotate", message);
        return new PhaseOutcome(state, spec.RefreshInterval);
    }
}
