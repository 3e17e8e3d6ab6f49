using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Passwords;

namespace Rotator.Rotation.Engine;

/// <summary>
/// Runs Secrets Manager's rotation protocol (createSecret, setSecret, testSecret, finishSecret) around a
/// strategy. The only state is the secret's own: the AWSPENDING version is the checkpoint, so any engine
/// instance given a version id resumes that rotation, and every step converges when re-run. Unlike AWS's
/// templates, finishSecret also removes AWSPENDING, which only AWS's own RotateSecret would otherwise do.
/// </summary>
public sealed class RotationEngine
{
    private const int MinVersionIdLength = 32;
    private const int MaxVersionIdLength = 64;

    private readonly ISecretsManager secrets;
    private readonly IRotationObserver observer;
    private readonly TimeProvider time;
    private readonly IRotationFaultInjector? faults;
    private readonly RotationPlanner planner;

    /// <param name="secrets">Secrets Manager.</param>
    /// <param name="observer">Receives step progress; none when null.</param>
    /// <param name="time">The clock for durations and pending-version ages.</param>
    /// <param name="faults">Crash tests only: consulted at each <see cref="RotationFaultPoint"/>.</param>
    public RotationEngine(ISecretsManager secrets, IRotationObserver? observer = null, TimeProvider? time = null, IRotationFaultInjector? faults = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        this.secrets = secrets;
        this.observer = observer ?? NullRotationObserver.Instance;
        this.time = time ?? TimeProvider.System;
        this.faults = faults;
        planner = new RotationPlanner(secrets, this.time);
    }

    /// <summary>Runs (or resumes) one rotation to its end, or to the first failure.</summary>
    /// <remarks>Cancellation and <see cref="SimulatedCrashException"/> pass through; every other failure becomes the outcome.</remarks>
    public async Task<RotationOutcome> RunAsync(RotationRequest request, IRotationStrategy strategy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SecretId);
        var secretId = request.SecretId;
        if (request.ResumeVersionId is { } resume && resume.Length is < MinVersionIdLength or > MaxVersionIdLength)
        {
            return Refused(secretId, null, RotationReasons.InvalidVersionId, $"version id must be {MinVersionIdLength} to {MaxVersionIdLength} characters, not {resume.Length}");
        }

        RotationPlan? plan = null;
        RotationContext context;
        string? versionId = request.ResumeVersionId;
        try
        {
            var description = await secrets.DescribeSecretAsync(secretId, cancellationToken);
            if (RotationPlanner.CheckSecret(description, secretId) is { } refusal)
            {
                return refusal;
            }

            var labels = new VersionLabels(description.VersionIdsToStages);
            var planned = await planner.PlanAsync(request, labels, cancellationToken);
            if (planned.Outcome is { } outcome)
            {
                return outcome;
            }

            plan = planned.Plan!;
            versionId = plan.VersionId;
            if (plan.Start == RotationPlanStart.Current)
            {
                return await CompleteReplayAsync(secretId, plan.VersionId, strategy.Name, labels, cancellationToken);
            }

            context = await planner.ContextAsync(request, plan.VersionId, labels, cancellationToken);
            if (plan.Start == RotationPlanStart.Pending)
            {
                // A resumed rotation is validated with its pending value too: once single user's setSecret changed the
                // password, only AWSPENDING logs in until finishSecret, and validation must not refuse that state.
                context = context with { Pending = await planner.TryGetPendingAsync(secretId, plan.VersionId, cancellationToken) };
            }

            await strategy.ValidateAsync(context, cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return Refused(secretId, null, RotationReasons.SecretNotFound, $"secret '{secretId}' does not exist (or this identity may not see it)");
        }
        catch (RotationRefusedException e)
        {
            return RefusedOrStillPending(plan, secretId, versionId, e.Reason, e.Message);
        }
        catch (SecretFormatException e)
        {
            return RefusedOrStillPending(plan, secretId, versionId, RotationFailures.SecretFormat, e.Message);
        }
        catch (Exception e) when (!RotationFailures.IsStop(e))
        {
            // Nothing was written yet: a failure here (Secrets Manager unreachable, the strategy's probe of the
            // target failing) leaves the secret as it was, and the next run starts over.
            return new RotationOutcome
            {
                SecretId = secretId, VersionId = versionId, Result = RotationResult.Failed, Reason = RotationFailures.ReasonOf(e),
                Message = $"preparing the rotation failed: {RotationFailures.MessageOf(e)}",
            };
        }

        return await RunStepsAsync(plan!, context, strategy, request.HoldBeforeSetSecret, cancellationToken);
    }

    /// <summary>
    /// Rolls AWSCURRENT back to AWSPREVIOUS, putting the previous credential back on the target first where the
    /// strategy replaced it (<see cref="RotationRollback"/>).
    /// </summary>
    public Task<RotationOutcome> RollBackAsync(RollbackRequest request, IRotationStrategy strategy, CancellationToken cancellationToken) =>
        new RotationRollback(secrets, time).RunAsync(request, strategy, cancellationToken);

    /// <summary>
    /// Once every consumer runs on <see cref="RetainedCredentialRequest.VersionId"/>, drops the credential the rotation
    /// kept working on purpose (MySQL dual passwords). Null when the strategy kept none; otherwise Succeeded, Refused,
    /// or Failed when the target or Secrets Manager did not answer (nothing changed: try again later).
    /// </summary>
    public Task<RotationOutcome?> DiscardRetainedAsync(RetainedCredentialRequest request, IRotationStrategy strategy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(strategy);
        return new RetainedCredentialDiscard(secrets, time).RunAsync(request, strategy, cancellationToken);
    }

    /// <summary>
    /// Gives a rotation up: removes AWSPENDING from <paramref name="versionId"/> so the next rotation starts
    /// fresh. AWSCURRENT never moved, so consumers are unaffected; a strategy whose setSecret changed the
    /// target has already put the current credential back when its test failed. Repeating it is harmless.
    /// </summary>
    public async Task<RotationOutcome> AbandonAsync(string secretId, string versionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretId);
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        try
        {
            var labels = new VersionLabels((await secrets.DescribeSecretAsync(secretId, cancellationToken)).VersionIdsToStages);
            if (labels.Has(versionId, SecretVersionStages.Current))
            {
                return Refused(secretId, versionId, RotationReasons.AlreadyCurrent, $"version {versionId} is already AWSCURRENT: that rotation finished and cannot be abandoned");
            }

            if (!labels.Has(versionId, SecretVersionStages.Pending))
            {
                return RolledBack(secretId, versionId, $"version {versionId} is not pending ({labels.Describe(versionId)}): nothing to abandon");
            }

            await secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Pending, null, versionId, cancellationToken);
            return RolledBack(secretId, versionId, $"rotation {versionId} abandoned: AWSPENDING removed, AWSCURRENT unchanged");
        }
        catch (ResourceNotFoundException)
        {
            return Refused(secretId, versionId, RotationReasons.SecretNotFound, $"secret '{secretId}' does not exist (or this identity may not see it)");
        }
        catch (Exception e) when (e is AwsServiceException or AwsTransportException)
        {
            return new RotationOutcome
            {
                SecretId = secretId, VersionId = versionId, Result = RotationResult.Failed, Reason = RotationReasons.SecretsManagerError,
                Message = $"abandoning rotation {versionId} failed: {e.Message}",
            };
        }
    }

    private async Task<RotationOutcome> RunStepsAsync(RotationPlan plan, RotationContext context, IRotationStrategy strategy, bool holdBeforeSet, CancellationToken cancellationToken)
    {
        var secretId = context.SecretId;
        var versionId = plan.VersionId;
        var steps = new RotationStepRunner(observer, time, secretId, versionId, strategy.Name);

        // A refusal in createSecret comes before PutSecretValue (nothing stored), and one in setSecret of a rotation this
        // run started means the target turned the new credential down (its password policy, a missing privilege): a
        // retry would send the same value again, so the rotation ends as Refused and leaves no AWSPENDING behind. A
        // resumed rotation's setSecret may have run before, so its refusal fails and is retried or abandoned instead.
        var fresh = plan.Start == RotationPlanStart.New;
        SecretValue? pending = null;
        var failure = await steps.RunAsync(RotationStepNames.CreateSecret, async () =>
            pending = await CreatePendingAsync(plan, context, strategy, cancellationToken), refusalIsFinal: fresh);
        if (failure is not null)
        {
            return failure;
        }

        Reached(RotationFaultPoint.AfterCreateSecret, secretId, versionId);
        if (holdBeforeSet)
        {
            return AwaitingApproval(secretId, versionId);
        }

        context = context with { Pending = pending };

        failure = await steps.RunAsync(RotationStepNames.SetSecret, () => strategy.SetAsync(context, cancellationToken), refusalIsFinal: fresh);
        if (failure is not null)
        {
            return failure.Result == RotationResult.Refused ? await DiscardRefusedAsync(failure, cancellationToken) : failure;
        }

        Reached(RotationFaultPoint.AfterSetSecret, secretId, versionId);

        failure = await steps.RunAsync(RotationStepNames.TestSecret, () => strategy.TestAsync(context, cancellationToken));
        if (failure is not null)
        {
            return await RestoreAfterFailedTestAsync(failure, context, strategy, cancellationToken);
        }

        Reached(RotationFaultPoint.AfterTestSecret, secretId, versionId);

        failure = await steps.RunAsync(RotationStepNames.FinishSecret, () => FinishAsync(secretId, versionId, cancellationToken));
        if (failure is not null)
        {
            return failure;
        }

        Reached(RotationFaultPoint.AfterFinishSecret, secretId, versionId);
        var message = plan.Note is null ? $"version {versionId} is AWSCURRENT" : $"version {versionId} is AWSCURRENT ({plan.Note})";
        var notes = context.Notes.All;
        return new RotationOutcome
        {
            SecretId = secretId, VersionId = versionId, Result = RotationResult.Succeeded, Reason = RotationReasons.Rotated,
            Message = RotationNotesText.Append(message, notes), Notes = notes,
            Current = pending! with { VersionStages = [SecretVersionStages.Current] },
        };
    }

    private async Task<SecretValue> CreatePendingAsync(RotationPlan plan, RotationContext context, IRotationStrategy strategy, CancellationToken cancellationToken)
    {
        var secretId = context.SecretId;
        var versionId = plan.VersionId;
        var stored = SecretVersionSelector.ByIdAndStage(versionId, SecretVersionStages.Pending);
        if (plan.Start == RotationPlanStart.Pending)
        {
            return context.Pending ?? await secrets.GetSecretValueAsync(secretId, stored, cancellationToken);
        }

        var payload = await strategy.CreatePendingAsync(context, cancellationToken);
        PutSecretValueResult put;
        try
        {
            put = await secrets.PutSecretValueAsync(secretId, payload, [SecretVersionStages.Pending], versionId, cancellationToken);
        }
        catch (ResourceExistsException)
        {
            // Another run with the same version id stored its value first; converge on that one.
            return await secrets.GetSecretValueAsync(secretId, stored, cancellationToken);
        }

        return new SecretValue
        {
            Arn = put.Arn,
            Name = put.Name,
            VersionId = put.VersionId,
            SecretString = payload.Text,
            SecretBinary = payload.Bytes,
            VersionStages = put.VersionStages,
        };
    }

    private async Task FinishAsync(string secretId, string versionId, CancellationToken cancellationToken)
    {
        Reached(RotationFaultPoint.BeforeLabelMove, secretId, versionId);
        // Read the labels afresh: RemoveFromVersionId must name the version that holds AWSCURRENT now.
        var labels = new VersionLabels((await secrets.DescribeSecretAsync(secretId, cancellationToken)).VersionIdsToStages);
        if (!labels.Has(versionId, SecretVersionStages.Current))
        {
            if (!labels.Has(versionId, SecretVersionStages.Pending))
            {
                throw new RotationRefusedException($"version {versionId} is no longer AWSPENDING ({labels.Describe(versionId)}); was the rotation abandoned?")
                {
                    Reason = RotationReasons.VersionNotPending,
                };
            }

            await secrets.UpdateSecretVersionStageAsync(
                secretId, SecretVersionStages.Current, versionId, labels.HolderOf(SecretVersionStages.Current), cancellationToken);
            Reached(RotationFaultPoint.AfterCurrentMoved, secretId, versionId);
        }

        if (labels.Has(versionId, SecretVersionStages.Pending))
        {
            await secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Pending, null, versionId, cancellationToken);
        }
    }

    /// <summary>setSecret was refused: removes the AWSPENDING this run stored, so the refusal leaves nothing behind.</summary>
    private async Task<RotationOutcome> DiscardRefusedAsync(RotationOutcome refusal, CancellationToken cancellationToken)
    {
        var discarded = await AbandonAsync(refusal.SecretId, refusal.VersionId!, cancellationToken);
        return discarded.Result == RotationResult.RolledBack
            ? refusal with { Message = $"{refusal.Message}; AWSPENDING removed, nothing changed" }
            : refusal with { Result = RotationResult.Failed, Message = $"{refusal.Message}; removing AWSPENDING failed too ({discarded.Message}): retried" };
    }

    private static async Task<RotationOutcome> RestoreAfterFailedTestAsync(
        RotationOutcome failure, RotationContext context, IRotationStrategy strategy, CancellationToken cancellationToken)
    {
        try
        {
            await strategy.RestoreAsync(context, cancellationToken);
        }
        catch (Exception e) when (!RotationFailures.IsStop(e))
        {
            return failure with
            {
                Message = $"{failure.Message}; putting the current credential back failed too: {RotationFailures.MessageOf(e)}",
            };
        }

        return failure with { Message = $"{failure.Message}; AWSPENDING kept: retry with version {failure.VersionId} or abandon it" };
    }

    /// <summary>A replay of a rotation that already moved AWSCURRENT: finish the AWSPENDING cleanup a crash may have left.</summary>
    private async Task<RotationOutcome> CompleteReplayAsync(
        string secretId, string versionId, string strategy, VersionLabels labels, CancellationToken cancellationToken)
    {
        if (labels.Has(versionId, SecretVersionStages.Pending))
        {
            var steps = new RotationStepRunner(observer, time, secretId, versionId, strategy);
            var failure = await steps.RunAsync(
                RotationStepNames.FinishSecret,
                () => secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Pending, null, versionId, cancellationToken));
            if (failure is not null)
            {
                return failure;
            }
        }

        return new RotationOutcome
        {
            SecretId = secretId, VersionId = versionId, Result = RotationResult.Succeeded, Reason = RotationReasons.AlreadyCurrent,
            Message = $"version {versionId} is already AWSCURRENT",
        };
    }

    private void Reached(RotationFaultPoint point, string secretId, string versionId) => faults?.Reached(point, secretId, versionId);

    private static RotationOutcome Refused(string secretId, string? versionId, string reason, string message) =>
        RotationOutcomes.Refused(secretId, versionId, reason, message);

    /// <summary>
    /// A refusal while preparing. Refused means nothing of this rotation was written, so the caller may forget its
    /// version id; that holds for a new rotation, not for a resumed one whose AWSPENDING is stored: forgotten, it
    /// would look "started elsewhere" to every later run. So a resumed rotation fails instead, and is retried or
    /// abandoned (which removes AWSPENDING) like any failed attempt. The target being unreachable is the common case.
    /// </summary>
    private static RotationOutcome RefusedOrStillPending(RotationPlan? plan, string secretId, string? versionId, string reason, string message) =>
        plan?.Start == RotationPlanStart.Pending
            ? new() { SecretId = secretId, VersionId = versionId, Result = RotationResult.Failed, Reason = reason, Message = $"resuming rotation {versionId} failed: {message}; AWSPENDING kept" }
            : Refused(secretId, versionId, reason, message);

    private static RotationOutcome AwaitingApproval(string secretId, string versionId) => new()
    {
        SecretId = secretId, VersionId = versionId, Result = RotationResult.AwaitingApproval, Reason = RotationReasons.AwaitingApproval,
        Message = $"version {versionId} is stored as AWSPENDING; setSecret waits for approval, nothing else was changed",
    };

    private static RotationOutcome RolledBack(string secretId, string versionId, string message) =>
        new() { SecretId = secretId, VersionId = versionId, Result = RotationResult.RolledBack, Reason = RotationReasons.Abandoned, Message = message };
}
