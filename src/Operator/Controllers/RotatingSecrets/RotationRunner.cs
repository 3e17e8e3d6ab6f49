using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Starts or resumes a due rotation through Rotation.Core's engine and records its outcome on the status: the
/// version id is checkpointed before AWS is touched, failures retry with backoff and are abandoned after
/// <see cref="RotatingSecretOptions.MaxRotationAttempts"/>, and the approval gate holds it before setSecret.
/// </summary>
public sealed class RotationRunner(
    IStrategyCatalog strategies,
    StatusWriter writer,
    ApprovalHandler approvals,
    ResourceEvents events,
    IEventRecorder recorder,
    RotatorMetrics metrics,
    RotatingSecretOptions options,
    TimeProvider time,
    ILogger<RotationRunner> logger)
{
    public async Task<PhaseOutcome> RotateAsync(ReconcileState state, Observation observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observed);
        var spec = observed.Spec;
        var progress = state.Status.Rotation;
        var versionId = progress?.VersionId ?? Guid.NewGuid().ToString();
        var approvalRequired = progress is null ? (spec.Approval == ApprovalMode.Manual ? true : null) : progress.ApprovalRequired;
        var gate = ApprovalGate.Check(state.Resource, spec, progress ?? new RotationProgress { VersionId = versionId, ApprovalRequired = approvalRequired }, state.Now);
        var engine = new RotationEngine(observed.Secrets, new StepReporter(state.Reference, recorder, metrics, logger), time);
        switch (gate.State)
        {
            case ApprovalState.Waiting:
                return approvals.Await(state, spec, gate.StaleApproval);
            case ApprovalState.Expired:
                return await approvals.ExpireAsync(state, spec, engine, cancellationToken);
        }

        var attempts = (progress?.Attempts ?? 0) + 1;
        var startedAt = progress?.StartedAt ?? state.Now;
        var strategyName = spec.Strategy.ToString();
        state = state.With(s => s with
        {
            Rotation = new RotationProgress
            {
                VersionId = versionId, Step = progress?.Step ?? RotationStepNames.CreateSecret, StartedAt = startedAt, Attempts = attempts, LastError = progress?.LastError,
                ApprovalRequired = approvalRequired, AwaitingApprovalSince = progress?.AwaitingApprovalSince,
                ApprovedAt = gate.State == ApprovalState.Approved ? progress?.ApprovedAt ?? state.Now : null,
            },
            HandledRotateNow = observed.Decision.RotateNow ?? s.HandledRotateNow,
        }).WithCondition(ConditionTypes.Rotating, Conditions.True, progress is null ? StatusReasons.RotationStarted : StatusReasons.RotationResumed,
            $"rotation {versionId} ({observed.Decision.Why}), attempt {attempts}");

        // Checkpoint: the version id is in the status before anything reaches AWS, so whichever process
        // runs next resumes this rotation instead of starting a second one.
        state = await writer.WriteAsync(state, cancellationToken);
        events.Record(state, EventType.Normal, progress is null ? StatusReasons.RotationStarted : StatusReasons.RotationResumed, "Rotate",
            $"{strategyName} rotation {versionId} {(progress is null ? "started" : "resumed")}: {observed.Decision.Why}");
        if (gate.State == ApprovalState.Approved && progress?.ApprovedAt is null)
        {
            events.Record(state, EventType.Normal, StatusReasons.Approved, "Rotate", $"rotation {versionId} approved ({RequestAnnotations.Approve}): setSecret, testSecret and finishSecret run");
        }

        var request = new RotationRequest
        {
            SecretId = spec.SecretId,
            ResumeVersionId = versionId,
            TakeOverPendingOlderThan = options.TakeOverPendingAfter,
            Passwords = new PasswordGenerator(spec.Password),
            HoldBeforeSetSecret = gate.State == ApprovalState.Hold,
        };
        var outcome = spec.Strategy == RotationStrategy.AwsManaged
            ? await new AwsManagedRotation(observed.Secrets, new AwsManagedRotationOptions { Timeout = options.AwsManagedWait }, new StepReporter(state.Reference, recorder, metrics, logger), time)
                .RunAsync(request, cancellationToken)
            : await engine.RunAsync(request, strategies.Create(spec.DrivenSettings, observed.Scope), cancellationToken);
        if (outcome.Result != RotationResult.AwaitingApproval)
        {
            metrics.RotationFinished(strategyName, outcome.Result.ToString());
        }

        logger.LogInformation("{Strategy} rotation {VersionId} of {SecretId}: {Result} ({Reason}) {Message}",
            strategyName, versionId, spec.SecretId, outcome.Result, outcome.Reason, outcome.Message);
        return outcome.Result switch
        {
            RotationResult.Succeeded => Succeeded(state, outcome, versionId, startedAt, strategyName),
            RotationResult.Refused => Refused(state, outcome, spec, startedAt),
            RotationResult.AwaitingApproval => approvals.Held(state, spec, gate.StaleApproval, attempts),
            _ => await FailedAsync(state, spec, engine, outcome, versionId, attempts, startedAt, cancellationToken),
        };
    }

    private PhaseOutcome Succeeded(ReconcileState state, RotationOutcome outcome, string versionId, DateTimeOffset startedAt, string strategyName)
    {
        // AwsManaged reports the version AWS made current, which need not be the token we proposed.
        var finished = outcome.VersionId ?? versionId;
        state = state.With(s => s with
        {
            Rotation = null,
            LastRotationTime = state.Now,
            History = StatusLists.Upsert(s.History,
                new RotationHistoryEntry { VersionId = finished, StartedAt = startedAt, FinishedAt = state.Now, Result = HistoryResult.Succeeded }, options.HistoryLimit),
        }).WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.Rotated, outcome.Message);
        events.Record(state, EventType.Normal, StatusReasons.Rotated, "Rotate", $"{strategyName} rotation finished: {outcome.Message}");
        return new PhaseOutcome(state, Moved: new CurrentMoved(time.GetTimestamp(), outcome.Current));
    }

    private PhaseOutcome Refused(ReconcileState state, RotationOutcome outcome, ResolvedSpec spec, DateTimeOffset startedAt)
    {
        // Nothing was changed; the next attempt starts over with a fresh version id once the cause is fixed. The refusal
        // stays on the history and on the Rotating condition (RotationPhase keeps it), so a requested rotation that
        // was turned down is still visible after the next refresh.
        var entry = new RotationHistoryEntry { VersionId = outcome.VersionId, StartedAt = startedAt, FinishedAt = state.Now, Result = HistoryResult.Refused };
        state = state.With(s => s with { Rotation = null, History = StatusLists.UpsertRefusal(s.History, entry, options.HistoryLimit) })
            .WithCondition(ConditionTypes.Rotating, Conditions.False, outcome.Reason, outcome.Message);
        events.Record(state, EventType.Warning, StatusReasons.RotationRefused, "Rotate", $"{outcome.Reason}: {outcome.Message}");
        return new PhaseOutcome(state, spec.RefreshInterval, Problem: new ResourceProblem(StatusReasons.RotationRefused, $"rotation refused ({outcome.Reason}): {outcome.Message}"));
    }

    private async Task<PhaseOutcome> FailedAsync(
        ReconcileState state, ResolvedSpec spec, RotationEngine engine, RotationOutcome outcome, string versionId, int attempts, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var message = $"{outcome.FailedStep ?? "rotation"} failed ({outcome.Reason}): {outcome.Message}";
        var awsStillWorking = spec.Strategy == RotationStrategy.AwsManaged && outcome.Reason == RotationReasons.AwsRotationTimedOut;
        if (attempts >= options.MaxRotationAttempts && !awsStillWorking)
        {
            // Give up this version: AWSPENDING goes, AWSCURRENT never moved, and the strategy already put
            // the current credential back where its setSecret had replaced it.
            var abandoned = spec.Strategy == RotationStrategy.AwsManaged ? outcome : await engine.AbandonAsync(spec.SecretId, versionId, cancellationToken);
            state = state.With(s => s with
            {
                Rotation = null,
                History = StatusLists.Upsert(s.History,
                    new RotationHistoryEntry { VersionId = versionId, StartedAt = startedAt, FinishedAt = state.Now, Result = HistoryResult.RolledBack }, options.HistoryLimit),
            }).WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.RotationAbandoned, $"{abandoned.Message}; last error: {message}");
            events.Record(state, EventType.Warning, StatusReasons.RotationAbandoned, "Rotate", $"rotation {versionId} abandoned after {attempts} attempts: {message}");
            return new PhaseOutcome(state, spec.RefreshInterval,
                Problem: new ResourceProblem(StatusReasons.RotationFailed, $"rotation {versionId} abandoned after {attempts} attempts; last error: {message}"));
        }

        var retry = awsStillWorking ? options.RolloutPollInterval : Delays.Backoff(attempts, options.RetryDelay, options.MaxRetryDelay);
        state = state.With(s => s with
        {
            Rotation = s.Rotation! with { Step = outcome.FailedStep ?? s.Rotation!.Step, LastError = message, Attempts = awsStillWorking ? attempts - 1 : attempts },
            History = StatusLists.Upsert(s.History,
                new RotationHistoryEntry { VersionId = versionId, StartedAt = startedAt, FinishedAt = state.Now, Result = HistoryResult.Failed }, options.HistoryLimit),
        }).WithCondition(ConditionTypes.Rotating, Conditions.True, StatusReasons.RetryingRotation, $"rotation {versionId}: {message}; attempt {attempts + 1} in {retry}");
        events.Record(state, awsStillWorking ? EventType.Normal : EventType.Warning, StatusReasons.RotationFailed, "Rotate", $"rotation {versionId} attempt {attempts}: {message}");
        return new PhaseOutcome(state, retry, Problem: new ResourceProblem(StatusReasons.RotationFailed, message));
    }
}
