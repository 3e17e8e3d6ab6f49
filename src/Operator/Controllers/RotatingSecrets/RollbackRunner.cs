using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Rolls AWSCURRENT back to AWSPREVIOUS (<c>rotator.io/rollback</c>), putting the previous credential back on the
/// target where the strategy had replaced it. The versions are checkpointed in the status before the target is
/// touched; a failed attempt is retried with backoff until it finishes, because once single user's or the
/// directory's password is set back only AWSPREVIOUS's credential works.
/// </summary>
public sealed class RollbackRunner(
    IStrategyCatalog strategies, StatusWriter writer, ResourceEvents events, RotatorMetrics metrics, RotatingSecretOptions options, TimeProvider time, ILogger<RollbackRunner> logger)
{
    public async Task<PhaseOutcome> RollBackAsync(ReconcileState state, Observation observed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(observed);
        var spec = observed.Spec;
        var strategyName = spec.Strategy.ToString();
        var progress = state.Status.Rollback;
        if (progress is null)
        {
            var requested = RollbackTrigger.NewRequest(state.Resource)!;
            state = state.With(s => s with { HandledRollback = requested });
            var from = SecretVersions.CurrentOf(observed.Description);
            var to = SecretVersions.PreviousOf(observed.Description);
            if (Refusal(state, spec, from, to, SecretVersions.PendingOf(observed.Description)) is { } no)
            {
                metrics.RollbackFinished(strategyName, RotationResult.Refused.ToString());
                return new PhaseOutcome(Refuse(state, no.Reason, $"{RequestAnnotations.Rollback}={requested}: {no.Message}"));
            }

            progress = new RollbackProgress { Requested = requested, FromVersionId = from, ToVersionId = to, StartedAt = state.Now, Attempts = 0 };
        }
        else if (spec.Strategy is RotationStrategy.None or RotationStrategy.AwsManaged)
        {
            // The strategy was changed mid-rollback: the previous credential may already be back on the target, so the
            // rollback is neither finished nor forgotten; it resumes once the strategy that started it is set back.
            var message = $"rollback from {progress.FromVersionId} to {progress.ToVersionId} was in flight when the strategy became {spec.Strategy}; set the strategy back to finish it";
            state = state.WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.RotationOrphaned, message);
            events.Record(state, EventType.Warning, StatusReasons.RotationOrphaned, "Rollback", message, onlyOnChangeOf: ConditionTypes.Rotating);
            return new PhaseOutcome(state);
        }

        var attempts = (progress.Attempts ?? 0) + 1;
        var started = progress with { Attempts = attempts };
        state = state.With(s => s with { Rollback = started }).WithCondition(ConditionTypes.Rotating, Conditions.True, StatusReasons.RollingBack,
            $"rolling back from version {progress.FromVersionId} to AWSPREVIOUS version {progress.ToVersionId} ({RequestAnnotations.Rollback}={progress.Requested}), attempt {attempts}");
        state = await writer.WriteAsync(state, cancellationToken);
        if (attempts == 1)
        {
            events.Record(state, EventType.Normal, StatusReasons.RollingBack, "Rollback", $"{strategyName} rollback of '{spec.SecretId}' from version {progress.FromVersionId} to {progress.ToVersionId} started");
        }

        var outcome = await new RotationEngine(observed.Secrets, null, time).RollBackAsync(
            new RollbackRequest
            {
                SecretId = spec.SecretId,
                FromVersionId = progress.FromVersionId,
                ToVersionId = progress.ToVersionId,
                Resuming = attempts > 1,
                Passwords = new PasswordGenerator(spec.Password),
            },
            strategies.Create(spec.DrivenSettings, observed.Scope),
            cancellationToken);
        metrics.RollbackFinished(strategyName, outcome.Result.ToString());
        logger.LogInformation("{Strategy} rollback of {SecretId} from {From} to {To}: {Result} ({Reason}) {Message}",
            strategyName, spec.SecretId, progress.FromVersionId, progress.ToVersionId, outcome.Result, outcome.Reason, outcome.Message);
        switch (outcome.Result)
        {
            case RotationResult.Succeeded:
                state = state.With(s => s with
                {
                    Rollback = null,
                    History = StatusLists.Upsert(s.History,
                        new RotationHistoryEntry { VersionId = outcome.VersionId, StartedAt = started.StartedAt, FinishedAt = state.Now, Result = HistoryResult.Reverted }, options.HistoryLimit),
                }).WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.RolledBack, outcome.Message);
                events.Record(state, EventType.Normal, StatusReasons.RolledBack, "Rollback", $"{strategyName} rollback finished: {outcome.Message}");
                return new PhaseOutcome(state, Moved: new CurrentMoved(time.GetTimestamp(), outcome.Current));
            case RotationResult.Refused:
                return new PhaseOutcome(Refuse(state.With(s => s with { Rollback = null }), outcome.Reason, outcome.Message));
            default:
                var retry = Delays.Backoff(attempts, options.RetryDelay, options.MaxRetryDelay);
                var message = $"rollback failed ({outcome.Reason}): {outcome.Message}";
                state = state.With(s => s with { Rollback = s.Rollback! with { LastError = message } })
                    .WithCondition(ConditionTypes.Rotating, Conditions.True, StatusReasons.RollbackFailed, $"{message}; attempt {attempts + 1} in {retry}");
                events.Record(state, EventType.Warning, StatusReasons.RollbackFailed, "Rollback", $"rollback to {progress.ToVersionId} attempt {attempts}: {message}");
                return new PhaseOutcome(state, retry, Problem: new ResourceProblem(StatusReasons.RollbackFailed, message));
        }
    }

    /// <summary>
    /// What refuses a new rollback before anything is written: the strategy, a rotation in flight (this operator's, or
    /// another tool's AWSPENDING as just described), no AWSPREVIOUS. The engine checks the labels again when it runs,
    /// for a resumed attempt; refusing here keeps a rollback that cannot start from ever showing as RollingBack.
    /// </summary>
    private static ResourceProblem? Refusal(ReconcileState state, ResolvedSpec spec, string? from, string? to, string? pending) => spec.Strategy switch
    {
        RotationStrategy.None => new("RollbackUnsupported", "strategy None: this operator does not manage the credential, so it cannot put the previous one back; roll back where the secret is rotated"),
        RotationStrategy.AwsManaged => new("RollbackUnsupported",
            "strategy AwsManaged: AWS's rotation function changed the target and only it can change it back; once the target accepts AWSPREVIOUS again, move AWSCURRENT with update-secret-version-stage"),
        _ when state.Status.Rotation is { } inFlight => new(RotationReasons.RotationInProgress, $"rotation {inFlight.VersionId} is in flight; roll back once it has finished or been abandoned"),
        _ when pending is not null && pending != from => new(RotationReasons.RotationInProgress, $"rotation {pending} is in flight (AWSPENDING); finish or abandon it before rolling back"),
        _ when to is null || to == from => new(RotationReasons.NoPreviousVersion, $"secret '{spec.SecretId}' has no AWSPREVIOUS version to roll back to"),
        _ => null,
    };

    private ReconcileState Refuse(ReconcileState state, string reason, string message)
    {
        state = state.WithCondition(ConditionTypes.Rotating, Conditions.False, StatusReasons.RollbackRefused, $"{message} ({reason}); nothing was changed");
        events.Record(state, EventType.Warning, StatusReasons.RollbackRefused, "Rollback", $"{reason}: {message}");
        return state;
    }
}
