using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Models;
using Rotator.Operator.Metrics;
using Rotator.Operator.Resources;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Runtime.Finalizers;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Reconciliation;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Passwords;
using EngineResult = Rotator.Rotation.Engine.RotationResult;
using HistoryResult = Rotator.Operator.Resources.RotationResult;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Reconciles one RotatingSecret: validate, check tenancy, rotate when due (resuming a rotation in
/// flight), mirror AWSCURRENT into the target Secret, restart consumers and follow their rollout, and
/// report through the status subresource, events and metrics. Every step is safe to repeat: the
/// rotation's version id is written to the status before AWS is touched, the mirror writes only what
/// differs, and restarts are keyed by version, so a crash anywhere resumes without doing anything twice.
/// </summary>
public sealed partial class RotatingSecretReconciler : IReconciler<RotatingSecret>
{
    /// <summary>Held while the operator may still have to remove the mirrored Secret.</summary>
    public const string Finalizer = "rotator.io/mirror";

    /// <summary>Conflicts caused by a user's concurrent spec edit are retried this many times on a fresh read.</summary>
    private const int StatusWriteAttempts = 3;

    private readonly ResourceClient<RotatingSecret> resources;
    private readonly FinalizerManager<RotatingSecret> finalizers;
    private readonly SecretMirror mirror;
    private readonly ConsumerResolver consumers;
    private readonly WorkloadRestarter restarter;
    private readonly IAwsClients aws;
    private readonly IStrategyFactory strategies;
    private readonly IEventRecorder events;
    private readonly RotatorMetrics metrics;
    private readonly RotatingSecretOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public RotatingSecretReconciler(
        ResourceClient<RotatingSecret> resources,
        SecretMirror mirror,
        ConsumerResolver consumers,
        WorkloadRestarter restarter,
        IAwsClients aws,
        IStrategyFactory strategies,
        IEventRecorder events,
        RotatorMetrics metrics,
        RotatingSecretOptions options,
        TimeProvider time,
        ILogger<RotatingSecretReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(resources);
        this.resources = resources;
        finalizers = new FinalizerManager<RotatingSecret>(resources, Finalizer);
        this.mirror = mirror;
        this.consumers = consumers;
        this.restarter = restarter;
        this.aws = aws;
        this.strategies = strategies;
        this.events = events;
        this.metrics = metrics;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, RotatingSecret? resource, CancellationToken cancellationToken)
    {
        if (resource is null)
        {
            Forget(key.Namespace ?? "", key.Name);
            return ReconcileResult.Done;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Namespace"] = key.Namespace ?? "", ["Name"] = key.Name });
        if (resource.Metadata.DeletionTimestamp is not null)
        {
            await FinalizeAsync(resource, cancellationToken);
            return ReconcileResult.Done;
        }

        if (!finalizers.Has(resource))
        {
            resource = await finalizers.AddAsync(resource, cancellationToken);
        }

        var pass = new Pass(resource, Conditions.Truncate(time.GetUtcNow()));
        var delay = await RunAsync(pass, cancellationToken);
        await WriteStatusAsync(pass, cancellationToken);
        return ReconcileResult.After(Jitter(delay));
    }

    private async Task<TimeSpan> RunAsync(Pass pass, CancellationToken cancellationToken)
    {
        var resource = pass.Resource;
        var ns = resource.Metadata.Namespace ?? "";
        var name = resource.Metadata.Name ?? "";
        ResolvedSpec spec;
        try
        {
            spec = SpecResolver.Resolve(resource, options.RefreshInterval, options.MySqlCaFile);
        }
        catch (InvalidSpecException e)
        {
            NotReady(pass, StatusReasons.InvalidSpec, e.Message);
            return options.RefreshInterval;
        }

        // Tenancy first: a resource naming a secret outside its namespace's patterns reads and writes nothing.
        if (spec.ReferencedSecretIds.FirstOrDefault(id => !options.Tenancy.Allows(ns, id)) is { } forbidden)
        {
            NotReady(pass, StatusReasons.NotAllowed,
                $"secret '{forbidden}' is not allowed for RotatingSecrets in namespace {ns}; allowed: {string.Join(", ", options.Tenancy.PatternsFor(ns).Select(p => p.Replace("{namespace}", ns, StringComparison.Ordinal)))}");
            return spec.RefreshInterval;
        }

        var awsScope = new AwsScope(resource.Spec.Region, resource.Spec.RoleArn, ns, name);
        TenancyGuardedSecretsManager secrets;
        SecretDescription description;
        TriggerDecision decision;
        try
        {
            secrets = new TenancyGuardedSecretsManager(aws.SecretsManager(awsScope), id => options.Tenancy.Allows(ns, id), ns);
            (description, decision) = await ObserveAsync(pass, spec, awsScope, secrets, cancellationToken);
        }
        catch (Exception e) when (AwsProblem(e) is { } problem)
        {
            NotReady(pass, problem.Reason, problem.Message);
            return Min(spec.RefreshInterval, options.RetryDelay);
        }

        if (description.DeletedDate is not null)
        {
            NotReady(pass, StatusReasons.SecretNotFound, $"secret '{spec.SecretId}' is scheduled for deletion in Secrets Manager");
            return spec.RefreshInterval;
        }

        var delay = spec.RefreshInterval;
        pass.Status = pass.Status with { NextRotationTime = decision.NextRotation };
        var rotated = false;
        if (RollbackTrigger.Pending(pass.Resource))
        {
            // A rollback is asked for (or in flight): no rotation starts in the same pass.
            if (await RollBackAsync(pass, spec, awsScope, secrets, description, cancellationToken) is { } after)
            {
                delay = Min(delay, after);
            }

            rotated = pass.Rotated;
            if (rotated)
            {
                description = pass.RotatedValue is { } value
                    ? description.AfterFinish(value.VersionId, pass.Now)
                    : await secrets.DescribeSecretAsync(spec.SecretId, cancellationToken);
            }
        }
        else if (decision.Due)
        {
            var waitingFor = StatusLists.Awaiting(pass.Status.Restarts, pass.Status.CurrentVersionId);
            if (pass.Status.Rotation is null && spec.Strategy == RotationStrategy.MySQLAlternatingUsers && spec.WaitForRollout && waitingFor.Count > 0)
            {
                // Drain gate: the next setSecret would change the password of the user these consumers still run on.
                var message = $"next rotation ({decision.Why}) waits until {StatusLists.Names(waitingFor)} run on version {pass.Status.CurrentVersionId}";
                SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.WaitingForRollout, message);
                Event(pass, EventType.Normal, StatusReasons.WaitingForRollout, "Rotate", message, onlyOnChangeOf: ConditionTypes.Rotating);
                delay = Min(delay, options.RolloutPollInterval);
            }
            else
            {
                var retry = await RotateAsync(pass, spec, awsScope, secrets, decision, cancellationToken);
                rotated = pass.Rotated;
                if (retry is { } after)
                {
                    delay = Min(delay, after);
                }

                if (rotated)
                {
                    // The engine moved the labels itself and knows where they went; an AWS-managed rotation
                    // (or a replay of a finished one) is read back instead.
                    description = pass.RotatedValue is { } value
                        ? description.AfterFinish(value.VersionId, pass.Now)
                        : await secrets.DescribeSecretAsync(spec.SecretId, cancellationToken);
                }
            }
        }
        else if (pass.Status.Rotation is null)
        {
            // A rollback's outcome stays on the condition until the next rotation starts, so it can be read after the fact.
            if (Conditions.Find(pass.Status.Conditions, ConditionTypes.Rotating)?.Reason is not (StatusReasons.RolledBack or StatusReasons.RollbackRefused))
            {
                SetCondition(pass, ConditionTypes.Rotating, Conditions.False, spec.Suspend ? StatusReasons.Suspended : StatusReasons.Idle, decision.Why);
            }
        }
        else
        {
            SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.RotationOrphaned, decision.Why);
            Event(pass, EventType.Warning, StatusReasons.RotationOrphaned, "Rotate", decision.Why, onlyOnChangeOf: ConditionTypes.Rotating);
        }

        if (pass.Status.NextRotationTime is { } next && next > pass.Now)
        {
            delay = Min(delay, next - pass.Now + TimeSpan.FromSeconds(1));
        }

        var current = CurrentOf(description);
        if (current is null)
        {
            NotReady(pass, StatusReasons.SecretNotFound, $"secret '{spec.SecretId}' has no AWSCURRENT version yet");
            return delay;
        }

        var previousVersion = pass.Original.CurrentVersionId;
        if (!await MirrorAsync(pass, spec, secrets, current, cancellationToken))
        {
            return Min(delay, options.RetryDelay);
        }

        if (!rotated && previousVersion is not null && previousVersion != current)
        {
            Event(pass, EventType.Normal, StatusReasons.ChangedOutside, "Mirror",
                $"AWSCURRENT of '{spec.SecretId}' moved from {previousVersion} to {current} outside this operator (console, Lambda or put-secret-value)");
        }

        if (pass.RotatedAt is { } rotatedAt)
        {
            metrics.Propagated("secret", time.GetElapsedTime(rotatedAt));
        }

        if (previousVersion != current)
        {
            // A version this resource has not propagated yet (its first pass included): consumers move by what
            // they can hold. The status's record of the last mirrored version wins over the Secret as read,
            // since a Secret deleted and re-created meanwhile says nothing of the pods still running.
            var held = previousVersion is not null ? HeldVersion.Mirrored(previousVersion, pass.Original.CurrentUsername) : pass.HeldBefore;
            await RestartAsync(pass, spec, held, current, cancellationToken);
        }

        if (await TrackRolloutAsync(pass, spec, current, cancellationToken))
        {
            delay = Min(delay, options.RolloutPollInterval);
        }
        else
        {
            await DiscardRetainedAsync(pass, spec, awsScope, secrets, current, cancellationToken);
        }

        metrics.SecretObserved(ns, name, description.LastChangedDate, pass.Status.NextRotationTime);
        if (pass.RotationProblem is { } failure)
        {
            NotReady(pass, failure.Reason, failure.Message);
        }
        else
        {
            SetCondition(pass, ConditionTypes.Ready, Conditions.True, StatusReasons.Mirrored, $"Secret {spec.TargetName} holds version {current}");
        }

        return delay;
    }

    /// <summary>
    /// The secret's labels and change date, and whether a rotation is due. The shared ListSecrets catalog
    /// answers when it shows exactly what this resource saw last time (same AWSCURRENT, nothing in flight,
    /// nothing due); anything else is read with DescribeSecret, because a listing may lag behind AWS and is
    /// only good for concluding that nothing changed.
    /// </summary>
    private async Task<(SecretDescription Description, TriggerDecision Decision)> ObserveAsync(
        Pass pass, ResolvedSpec spec, AwsScope awsScope, ISecretsManager secrets, CancellationToken cancellationToken)
    {
        var catalog = aws.Catalog(awsScope);
        if (pass.Status.Rotation is not null || pass.Original.CurrentVersionId is null || RollbackTrigger.Pending(pass.Resource))
        {
            // Described below either way; noted so the next listing covers this secret's next refresh.
            catalog.Note(spec.SecretId);
        }
        else if (await catalog.LookupAsync(spec.SecretId, spec.RefreshInterval, cancellationToken) is { DeletedDate: null } listed
            && CurrentOf(listed) == pass.Original.CurrentVersionId)
        {
            var hinted = RotationTrigger.Decide(pass.Resource, spec, listed.LastChangedDate, pass.Now, options.RetryAfterAbandoned);
            if (!hinted.Due)
            {
                return (listed, hinted);
            }
        }

        var described = await secrets.DescribeSecretAsync(spec.SecretId, cancellationToken);
        return (described, RotationTrigger.Decide(pass.Resource, spec, described.LastChangedDate, pass.Now, options.RetryAfterAbandoned));
    }

    private static string? CurrentOf(SecretDescription description) =>
        description.VersionIdsToStages.FirstOrDefault(kv => kv.Value.Contains(SecretVersionStages.Current)).Key;

    /// <returns>When to look again (retry or poll), or null when the refresh interval will do.</returns>
    private async Task<TimeSpan?> RotateAsync(Pass pass, ResolvedSpec spec, AwsScope awsScope, ISecretsManager secrets, TriggerDecision decision, CancellationToken cancellationToken)
    {
        var progress = pass.Status.Rotation;
        var versionId = progress?.VersionId ?? Guid.NewGuid().ToString();
        var approvalRequired = progress is null ? (spec.Approval == ApprovalMode.Manual ? true : null) : progress.ApprovalRequired;
        var gate = ApprovalGate.Check(pass.Resource, spec, progress ?? new RotationProgress { VersionId = versionId, ApprovalRequired = approvalRequired }, pass.Now);
        switch (gate.State)
        {
            case ApprovalState.Waiting:
                return AwaitApproval(pass, spec, gate.StaleApproval);
            case ApprovalState.Expired:
                return await ExpireApprovalAsync(pass, spec, secrets, cancellationToken);
        }

        var attempts = (progress?.Attempts ?? 0) + 1;
        var startedAt = progress?.StartedAt ?? pass.Now;
        var strategyName = StrategyName(spec.Strategy);
        pass.Status = pass.Status with
        {
            Rotation = new RotationProgress
            {
                VersionId = versionId, Step = progress?.Step ?? RotationStepNames.CreateSecret, StartedAt = startedAt, Attempts = attempts, LastError = progress?.LastError,
                ApprovalRequired = approvalRequired, AwaitingApprovalSince = progress?.AwaitingApprovalSince,
                ApprovedAt = gate.State == ApprovalState.Approved ? progress?.ApprovedAt ?? pass.Now : null,
            },
            HandledRotateNow = decision.RotateNow ?? pass.Status.HandledRotateNow,
        };
        SetCondition(pass, ConditionTypes.Rotating, Conditions.True, progress is null ? StatusReasons.RotationStarted : StatusReasons.RotationResumed,
            $"rotation {versionId} ({decision.Why}), attempt {attempts}");

        // Checkpoint: the version id is in the status before anything reaches AWS, so whichever process
        // runs next resumes this rotation instead of starting a second one.
        await WriteStatusAsync(pass, cancellationToken);
        Event(pass, EventType.Normal, progress is null ? StatusReasons.RotationStarted : StatusReasons.RotationResumed, "Rotate",
            $"{strategyName} rotation {versionId} {(progress is null ? "started" : "resumed")}: {decision.Why}");

        if (gate.State == ApprovalState.Approved && progress?.ApprovedAt is null)
        {
            Event(pass, EventType.Normal, StatusReasons.Approved, "Rotate", $"rotation {versionId} approved ({ApprovalGate.ApproveAnnotation}): setSecret, testSecret and finishSecret run");
        }

        var reporter = new StepReporter(pass.Reference, events, metrics, logger);
        var request = new RotationRequest
        {
            SecretId = spec.SecretId,
            ResumeVersionId = versionId,
            TakeOverPendingOlderThan = options.TakeOverPendingAfter,
            Settings = spec.Settings,
            Passwords = new PasswordGenerator(spec.Password),
            HoldBeforeSetSecret = gate.State == ApprovalState.Hold,
        };
        RotationOutcome outcome;
        if (spec.Strategy == RotationStrategy.AwsManaged)
        {
            var managed = new AwsManagedRotation(secrets, new AwsManagedRotationOptions { Timeout = options.AwsManagedWait }, reporter, time);
            outcome = await managed.RunAsync(request, cancellationToken);
        }
        else
        {
            outcome = await new RotationEngine(secrets, reporter, time).RunAsync(request, strategies.Create(spec, awsScope), cancellationToken);
        }

        if (outcome.Result != EngineResult.AwaitingApproval)
        {
            metrics.RotationFinished(strategyName, outcome.Result.ToString());
        }

        logger.LogInformation("{Strategy} rotation {VersionId} of {SecretId}: {Result} ({Reason}) {Message}",
            strategyName, versionId, spec.SecretId, outcome.Result, outcome.Reason, outcome.Message);
        return outcome.Result switch
        {
            EngineResult.Succeeded => Succeeded(pass, outcome, versionId, startedAt, strategyName),
            EngineResult.Refused => Refused(pass, outcome, spec),
            EngineResult.AwaitingApproval => Held(pass, spec, gate.StaleApproval, attempts),
            _ => await FailedAsync(pass, spec, secrets, outcome, versionId, attempts, startedAt, cancellationToken),
        };
    }

    private TimeSpan? Succeeded(Pass pass, RotationOutcome outcome, string versionId, DateTimeOffset startedAt, string strategyName)
    {
        // AwsManaged reports the version AWS made current, which need not be the token we proposed.
        var finished = outcome.VersionId ?? versionId;
        pass.Rotated = true;
        pass.RotatedAt = time.GetTimestamp();
        pass.RotatedValue = outcome.Current;
        pass.Status = pass.Status with
        {
            Rotation = null,
            LastRotationTime = pass.Now,
            History = StatusLists.Upsert(pass.Status.History,
                new RotationHistoryEntry { VersionId = finished, StartedAt = startedAt, FinishedAt = pass.Now, Result = HistoryResult.Succeeded }, options.HistoryLimit),
        };
        SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.Rotated, outcome.Message);
        Event(pass, EventType.Normal, StatusReasons.Rotated, "Rotate", $"{strategyName} rotation finished: {outcome.Message}");
        return null;
    }

    private TimeSpan? Refused(Pass pass, RotationOutcome outcome, ResolvedSpec spec)
    {
        // Nothing was changed; the next attempt starts over with a fresh version id once the cause is fixed.
        pass.Status = pass.Status with { Rotation = null };
        pass.RotationProblem = (StatusReasons.RotationRefused, $"rotation refused ({outcome.Reason}): {outcome.Message}");
        SetCondition(pass, ConditionTypes.Rotating, Conditions.False, outcome.Reason, outcome.Message);
        Event(pass, EventType.Warning, StatusReasons.RotationRefused, "Rotate", $"{outcome.Reason}: {outcome.Message}");
        return spec.RefreshInterval;
    }

    private async Task<TimeSpan?> FailedAsync(
        Pass pass, ResolvedSpec spec, ISecretsManager secrets, RotationOutcome outcome, string versionId, int attempts, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var message = $"{outcome.FailedStep ?? "rotation"} failed ({outcome.Reason}): {outcome.Message}";
        var awsStillWorking = spec.Strategy == RotationStrategy.AwsManaged && outcome.Reason == RotationReasons.AwsRotationTimedOut;
        if (attempts >= options.MaxRotationAttempts && !awsStillWorking)
        {
            // Give up this version: AWSPENDING goes, AWSCURRENT never moved, and the strategy already put
            // the current credential back where its setSecret had replaced it.
            var abandoned = spec.Strategy == RotationStrategy.AwsManaged
                ? outcome
                : await new RotationEngine(secrets, null, time).AbandonAsync(spec.SecretId, versionId, cancellationToken);
            pass.Status = pass.Status with
            {
                Rotation = null,
                History = StatusLists.Upsert(pass.Status.History,
                    new RotationHistoryEntry { VersionId = versionId, StartedAt = startedAt, FinishedAt = pass.Now, Result = HistoryResult.RolledBack }, options.HistoryLimit),
            };
            pass.RotationProblem = (StatusReasons.RotationFailed, $"rotation {versionId} abandoned after {attempts} attempts; last error: {message}");
            SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.RotationAbandoned, $"{abandoned.Message}; last error: {message}");
            Event(pass, EventType.Warning, StatusReasons.RotationAbandoned, "Rotate", $"rotation {versionId} abandoned after {attempts} attempts: {message}");
            return spec.RefreshInterval;
        }

        pass.Status = pass.Status with
        {
            Rotation = pass.Status.Rotation! with { Step = outcome.FailedStep ?? pass.Status.Rotation!.Step, LastError = message, Attempts = awsStillWorking ? attempts - 1 : attempts },
            History = StatusLists.Upsert(pass.Status.History,
                new RotationHistoryEntry { VersionId = versionId, StartedAt = startedAt, FinishedAt = pass.Now, Result = HistoryResult.Failed }, options.HistoryLimit),
        };
        pass.RotationProblem = (StatusReasons.RotationFailed, message);
        var retry = awsStillWorking ? options.RolloutPollInterval : Backoff(attempts);
        SetCondition(pass, ConditionTypes.Rotating, Conditions.True, StatusReasons.RetryingRotation, $"rotation {versionId}: {message}; attempt {attempts + 1} in {retry}");
        Event(pass, awsStillWorking ? EventType.Normal : EventType.Warning, StatusReasons.RotationFailed, "Rotate", $"rotation {versionId} attempt {attempts}: {message}");
        return retry;
    }

    /// <summary>
    /// Rolls AWSCURRENT back to AWSPREVIOUS (<c>rotator.io/rollback</c>), putting the previous credential back on the
    /// target where the strategy had replaced it. The versions are checkpointed in the status before the target is
    /// touched; a failed attempt is retried with backoff until it finishes, because once single user's or the
    /// directory's password is set back only AWSPREVIOUS's credential works.
    /// </summary>
    /// <returns>When to look again (retry), or null when the refresh interval will do.</returns>
    private async Task<TimeSpan?> RollBackAsync(Pass pass, ResolvedSpec spec, AwsScope awsScope, ISecretsManager secrets, SecretDescription description, CancellationToken cancellationToken)
    {
        var strategyName = StrategyName(spec.Strategy);
        var progress = pass.Status.Rollback;
        if (progress is null)
        {
            var requested = RollbackTrigger.NewRequest(pass.Resource)!;
            pass.Status = pass.Status with { HandledRollback = requested };
            var from = CurrentOf(description);
            var to = description.VersionIdsToStages.FirstOrDefault(kv => kv.Value.Contains(SecretVersionStages.Previous)).Key;
            var refusal = spec.Strategy switch
            {
                RotationStrategy.None => ("RollbackUnsupported", "strategy None: this operator does not manage the credential, so it cannot put the previous one back; roll back where the secret is rotated"),
                RotationStrategy.AwsManaged => ("RollbackUnsupported",
                    "strategy AwsManaged: AWS's rotation function changed the target and only it can change it back; once the target accepts AWSPREVIOUS again, move AWSCURRENT with update-secret-version-stage"),
                _ when pass.Status.Rotation is { } inFlight => (RotationReasons.RotationInProgress, $"rotation {inFlight.VersionId} is in flight; roll back once it has finished or been abandoned"),
                _ when to is null || to == from => (RotationReasons.NoPreviousVersion, $"secret '{spec.SecretId}' has no AWSPREVIOUS version to roll back to"),
                _ => ((string Reason, string Message)?)null,
            };
            if (refusal is { } no)
            {
                metrics.RollbackFinished(strategyName, EngineResult.Refused.ToString());
                RefuseRollback(pass, no.Reason, $"{RollbackTrigger.Annotation}={requested}: {no.Message}");
                return null;
            }

            progress = new RollbackProgress { Requested = requested, FromVersionId = from, ToVersionId = to, StartedAt = pass.Now, Attempts = 0 };
        }
        else if (spec.Strategy is RotationStrategy.None or RotationStrategy.AwsManaged)
        {
            // The strategy was changed mid-rollback: the previous credential may already be back on the target, so the
            // rollback is neither finished nor forgotten; it resumes once the strategy that started it is set back.
            var message = $"rollback from {progress.FromVersionId} to {progress.ToVersionId} was in flight when the strategy became {spec.Strategy}; set the strategy back to finish it";
            SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.RotationOrphaned, message);
            Event(pass, EventType.Warning, StatusReasons.RotationOrphaned, "Rollback", message, onlyOnChangeOf: ConditionTypes.Rotating);
            return null;
        }

        var attempts = (progress.Attempts ?? 0) + 1;
        pass.Status = pass.Status with { Rollback = progress with { Attempts = attempts } };
        SetCondition(pass, ConditionTypes.Rotating, Conditions.True, StatusReasons.RollingBack,
            $"rolling back from version {progress.FromVersionId} to AWSPREVIOUS version {progress.ToVersionId} ({RollbackTrigger.Annotation}={progress.Requested}), attempt {attempts}");
        await WriteStatusAsync(pass, cancellationToken);
        if (attempts == 1)
        {
            Event(pass, EventType.Normal, StatusReasons.RollingBack, "Rollback", $"{strategyName} rollback of '{spec.SecretId}' from version {progress.FromVersionId} to {progress.ToVersionId} started");
        }

        var outcome = await new RotationRollback(secrets, time).RunAsync(
            new RollbackRequest
            {
                SecretId = spec.SecretId,
                FromVersionId = progress.FromVersionId,
                ToVersionId = progress.ToVersionId,
                Resuming = attempts > 1,
                Settings = spec.Settings,
                Passwords = new PasswordGenerator(spec.Password),
            },
            strategies.Create(spec, awsScope),
            cancellationToken);
        metrics.RollbackFinished(strategyName, outcome.Result.ToString());
        logger.LogInformation("{Strategy} rollback of {SecretId} from {From} to {To}: {Result} ({Reason}) {Message}",
            strategyName, spec.SecretId, progress.FromVersionId, progress.ToVersionId, outcome.Result, outcome.Reason, outcome.Message);
        switch (outcome.Result)
        {
            case EngineResult.Succeeded:
                pass.Rotated = true;
                pass.RotatedAt = time.GetTimestamp();
                pass.RotatedValue = outcome.Current;
                pass.Status = pass.Status with
                {
                    Rollback = null,
                    History = StatusLists.Upsert(pass.Status.History,
                        new RotationHistoryEntry { VersionId = outcome.VersionId, StartedAt = progress.StartedAt, FinishedAt = pass.Now, Result = HistoryResult.Reverted }, options.HistoryLimit),
                };
                SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.RolledBack, outcome.Message);
                Event(pass, EventType.Normal, StatusReasons.RolledBack, "Rollback", $"{strategyName} rollback finished: {outcome.Message}");
                return null;
            case EngineResult.Refused:
                pass.Status = pass.Status with { Rollback = null };
                RefuseRollback(pass, outcome.Reason, outcome.Message);
                return null;
            default:
                var retry = Backoff(attempts);
                var message = $"rollback failed ({outcome.Reason}): {outcome.Message}";
                pass.Status = pass.Status with { Rollback = pass.Status.Rollback! with { LastError = message } };
                pass.RotationProblem = (StatusReasons.RollbackFailed, message);
                SetCondition(pass, ConditionTypes.Rotating, Conditions.True, StatusReasons.RollbackFailed, $"{message}; attempt {attempts + 1} in {retry}");
                Event(pass, EventType.Warning, StatusReasons.RollbackFailed, "Rollback", $"rollback to {progress.ToVersionId} attempt {attempts}: {message}");
                return retry;
        }
    }

    private void RefuseRollback(Pass pass, string reason, string message)
    {
        SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.RollbackRefused, $"{message} ({reason}); nothing was changed");
        Event(pass, EventType.Warning, StatusReasons.RollbackRefused, "Rollback", $"{reason}: {message}");
    }

    /// <returns>False when the Secret could not be brought up to date (the reason is in the Ready condition).</returns>
    private async Task<bool> MirrorAsync(Pass pass, ResolvedSpec spec, ISecretsManager secrets, string current, CancellationToken cancellationToken)
    {
        var resource = pass.Resource;
        var target = await mirror.ReadAsync(resource, cancellationToken);
        var state = SecretMirror.StateOf(resource, target);
        var adopt = resource.Spec.Target?.Adopt == true;
        if (state.Exists && !state.Owned && !adopt)
        {
            NotReady(pass, StatusReasons.SecretNotOwned,
                $"Secret {spec.TargetName} exists and is not managed by this RotatingSecret; it is left alone (set spec.target.adopt: true to take it over)");
            return false;
        }

        // The Secret's resourceVersion after our last write or check is kept in the status, so a restarted
        // operator need not read every value again to learn that nobody edited the Secrets meanwhile.
        var known = state.ResourceVersion is not null && pass.Original.SecretResourceVersion == state.ResourceVersion;
        // A new generation may have changed spec.target (keys, template, binaryKey): render again, the apply writes only a difference.
        var sameSpec = pass.Original.ObservedGeneration == resource.Metadata.Generation;
        if (state.Exists && state.Owned && state.VersionId == current && known && pass.Original.CurrentVersionId == current && sameSpec)
        {
            // Nothing moved on either side: no value is read, nothing is written.
            pass.Status = pass.Status with { CurrentVersionId = current };
            return true;
        }

        MirrorResult result;
        string? username;
        try
        {
            // Right after a rotation the engine still holds the value it made current: reading it back would
            // only add a round trip between finishSecret and the Secret (versions never change their value).
            var value = pass.RotatedValue is { } rotatedValue && rotatedValue.VersionId == current
                ? rotatedValue
                : await secrets.GetSecretValueAsync(spec.SecretId, SecretVersionSelector.ById(current), cancellationToken);
            username = UsernameOf(value);
            result = await mirror.ApplyAsync(resource, value, target, cancellationToken);
            pass.HeldBefore = result.Held;
        }
        catch (MirrorException e)
        {
            NotReady(pass, e.Reason, e.Message);
            return false;
        }
        catch (Exception e) when (AwsProblem(e) is { } problem)
        {
            NotReady(pass, problem.Reason, problem.Message);
            return false;
        }

        if (result.Outcome == MirrorOutcome.NotOwned)
        {
            NotReady(pass, StatusReasons.SecretNotOwned, result.Message);
            return false;
        }

        if (result.Outcome is MirrorOutcome.Created or MirrorOutcome.Updated)
        {
            var reason = result.Outcome == MirrorOutcome.Created ? StatusReasons.SecretCreated : StatusReasons.SecretUpdated;
            Event(pass, EventType.Normal, reason, "Mirror", $"Secret {result.SecretName} {(result.Outcome == MirrorOutcome.Created ? "created" : "updated")} with version {current}");
        }

        pass.Status = pass.Status with
        {
            CurrentVersionId = current,
            CurrentUsername = username,
            SecretResourceVersion = result.ResourceVersion ?? pass.Status.SecretResourceVersion,
            History = pass.Status.History is { Count: > 0 } history && history[0].VersionId == current && history[0].Username is null && username is not null
                ? [history[0] with { Username = username }, .. history.Skip(1)]
                : pass.Status.History,
        };
        return true;
    }

    private async Task RestartAsync(Pass pass, ResolvedSpec spec, HeldVersion held, string current, CancellationToken cancellationToken)
    {
        var scope = RestartPolicy.Decide(spec.RestartWhen, spec.Strategy, held, pass.Status.CurrentUsername);
        if (scope == RestartScope.None)
        {
            return;
        }

        var ns = pass.Resource.Metadata.Namespace ?? "";
        var set = await consumers.ResolveAsync(ns, pass.Resource.Spec.Restart, spec.TargetName, scope, cancellationToken);
        foreach (var missing in set.Missing)
        {
            Event(pass, EventType.Warning, StatusReasons.RestartTargetMissing, "Restart", $"restart target {missing.Kind}/{missing.Name} does not exist in namespace {ns}");
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
                metrics.Restarted(workload.Kind.ToString(), "error");
                Event(pass, EventType.Warning, StatusReasons.RestartFailed, "Restart", $"restarting {workload.Kind}/{workload.Name} for version {current} failed: {e.Message}");
                continue;
            }

            metrics.Restarted(workload.Kind.ToString(), restart.Restarted ? "restarted" : "unchanged");
            pass.Status = pass.Status with
            {
                Restarts = StatusLists.Upsert(pass.Status.Restarts,
                    new RestartRecord { Kind = workload.Kind, Name = workload.Name, VersionId = current, RestartedAt = Conditions.Truncate(restart.At), RolledOut = spec.WaitForRollout ? false : null },
                    options.RestartLimit),
            };
            if (restart.Restarted)
            {
                Event(pass, EventType.Normal, StatusReasons.Restarted, "Restart", $"{workload.Kind}/{workload.Name} restarted for version {current}");
                restartedAny = true;
            }
        }

        if (restartedAny && pass.RotatedAt is { } rotatedAt)
        {
            metrics.Propagated("restart", time.GetElapsedTime(rotatedAt));
        }
    }

    /// <returns>True while a rollout is still awaited (look again soon).</returns>
    private async Task<bool> TrackRolloutAsync(Pass pass, ResolvedSpec spec, string current, CancellationToken cancellationToken)
    {
        var ns = pass.Resource.Metadata.Namespace ?? "";
        var awaiting = StatusLists.Awaiting(pass.Status.Restarts, current);
        var degraded = new List<string>();
        foreach (var record in awaiting)
        {
            var state = await restarter.RolloutAsync(ns, new WorkloadRef(record.Kind ?? WorkloadKind.Deployment, record.Name ?? ""), current, cancellationToken);
            switch (state.Phase)
            {
                case RolloutPhase.Complete or RolloutPhase.Missing or RolloutPhase.Superseded:
                    pass.Status = pass.Status with { Restarts = StatusLists.Upsert(pass.Status.Restarts, record with { RolledOut = true }, options.RestartLimit) };
                    Event(pass, EventType.Normal, StatusReasons.RolledOut, "Rollout", state.Message);
                    break;
                case RolloutPhase.Degraded:
                    degraded.Add(state.Message);
                    break;
            }
        }

        var still = StatusLists.Awaiting(pass.Status.Restarts, current);
        var tracked = (pass.Status.Restarts ?? []).Count(r => r.VersionId == current);
        metrics.RolloutPending(pass.Resource.Metadata.Namespace ?? "", pass.Resource.Metadata.Name ?? "", still.Count);
        if (degraded.Count > 0)
        {
            var message = string.Join("; ", degraded);
            SetCondition(pass, ConditionTypes.RolloutComplete, Conditions.False, StatusReasons.RolloutDegraded, message);
            Event(pass, EventType.Warning, StatusReasons.RolloutDegraded, "Rollout", message, onlyOnChangeOf: ConditionTypes.RolloutComplete);
        }
        else if (still.Count > 0)
        {
            SetCondition(pass, ConditionTypes.RolloutComplete, Conditions.False, StatusReasons.RolloutInProgress, $"waiting for {StatusLists.Names(still)} to run version {current}");
        }
        else if (tracked > 0)
        {
            SetCondition(pass, ConditionTypes.RolloutComplete, Conditions.True, StatusReasons.RolledOut, $"{tracked} restarted workload(s) run version {current}");
        }
        else
        {
            SetCondition(pass, ConditionTypes.RolloutComplete, Conditions.True, StatusReasons.NoRestartNeeded, $"no consumer restart was needed for version {current}");
        }

        return still.Count > 0;
    }

    /// <summary>
    /// Dual passwords: once every consumer runs on the version this operator rotated to, the previous
    /// password (kept so nothing broke during the rollout) is dropped. Done once per version.
    /// </summary>
    private async Task DiscardRetainedAsync(Pass pass, ResolvedSpec spec, AwsScope awsScope, ISecretsManager secrets, string current, CancellationToken cancellationToken)
    {
        var rotatedHere = pass.Status.History is { Count: > 0 } history && history[0].VersionId == current && history[0].Result is HistoryResult.Succeeded or HistoryResult.Reverted;
        if (!spec.RotatesItself || !rotatedHere || pass.Status.RetainedPasswordDiscardedFor == current
            || strategies.Create(spec, awsScope) is not IRetainsPreviousCredential retaining || !retaining.RetainsPrevious(spec.Settings))
        {
            return;
        }

        try
        {
            var context = new RotationContext
            {
                SecretId = spec.SecretId,
                VersionId = current,
                Current = await secrets.GetSecretValueAsync(spec.SecretId, SecretVersionSelector.ById(current), cancellationToken),
                SecretsManager = secrets,
                Passwords = new PasswordGenerator(spec.Password),
                Settings = spec.Settings,
                Time = time,
            };
            await retaining.DiscardRetainedAsync(context, cancellationToken);
        }
        catch (RotationRefusedException e)
        {
            Event(pass, EventType.Warning, e.Reason, "DiscardRetained", $"the previous password could not be discarded: {e.Message}");
            return;
        }
        catch (MySqlTargetException e)
        {
            // The server did not answer: the next reconcile tries again.
            Event(pass, EventType.Warning, "DatabaseUnavailable", "DiscardRetained", $"the previous password could not be discarded yet: {e.Message}");
            return;
        }
        catch (Exception e) when (AwsProblem(e) is { } problem)
        {
            Event(pass, EventType.Warning, problem.Reason, "DiscardRetained", $"the previous password could not be discarded: {problem.Message}");
            return;
        }

        pass.Status = pass.Status with { RetainedPasswordDiscardedFor = current };
        Event(pass, EventType.Normal, "RetainedPasswordDiscarded", "DiscardRetained", $"consumers run on version {current}: the previous password no longer works");
    }

    private async Task FinalizeAsync(RotatingSecret resource, CancellationToken cancellationToken)
    {
        if (finalizers.Has(resource))
        {
            var policy = resource.Spec.Target?.DeletionPolicy ?? DeletionPolicy.Delete;
            await mirror.ReleaseAsync(resource, policy, cancellationToken);
            var target = resource.Spec.Target?.Name ?? resource.Metadata.Name;
            events.Record(Reference(resource), EventType.Normal, policy == DeletionPolicy.Delete ? StatusReasons.SecretDeleted : StatusReasons.SecretRetained, "Delete",
                policy == DeletionPolicy.Delete ? $"Secret {target} deleted with its RotatingSecret" : $"Secret {target} retained (deletionPolicy Retain); the AWS secret is untouched");
            await finalizers.RemoveAsync(resource, cancellationToken);
        }

        Forget(resource.Metadata.Namespace ?? "", resource.Metadata.Name ?? "");
    }

    private void Forget(string ns, string name)
    {
        metrics.ResourceDeleted(ns, name);
        aws.Forget(ns, name);
    }

    private async Task WriteStatusAsync(Pass pass, CancellationToken cancellationToken)
    {
        var before = Serialize(pass.Original with { LastSyncTime = null });
        var after = pass.Status with { ObservedGeneration = pass.Resource.Metadata.Generation, LastSyncTime = null };
        if (before.ToJsonString() == Serialize(after).ToJsonString())
        {
            return;
        }

        // lastSyncTime moves only with a real change, so an idle refresh writes nothing.
        after = after with { LastSyncTime = pass.Now };
        var ns = pass.Resource.Metadata.Namespace;
        var name = pass.Resource.Metadata.Name!;
        for (var attempt = 1; ; attempt++)
        {
            // The resourceVersion makes the write conditional: a pass that started from a stale cached copy
            // (the watch event of our own last write not yet delivered) must not overwrite newer status, or
            // it would resume a rotation that already finished and count it twice.
            var patch = new JsonArray(
                new JsonObject { ["op"] = "replace", ["path"] = "/metadata/resourceVersion", ["value"] = pass.Resource.Metadata.ResourceVersion },
                new JsonObject { ["op"] = "add", ["path"] = "/status", ["value"] = Serialize(after) });
            try
            {
                pass.Resource = await resources.PatchStatusAsync(ns, name, patch, PatchType.Json, cancellationToken);
                break;
            }
            catch (ConflictException) when (attempt < StatusWriteAttempts)
            {
                // Someone changed the object since it was read. If only spec or metadata moved (a user's edit),
                // the status we computed still stands on what we read: write it on the fresh version. If the
                // status moved, this pass worked from stale data: the conflict goes up and the key is retried.
                var fresh = await resources.GetAsync(ns, name, cancellationToken);
                if (fresh is null || Serialize(fresh.Status ?? new RotatingSecretStatus()).ToJsonString() != Serialize(pass.Original).ToJsonString())
                {
                    throw;
                }

                pass.Resource = fresh;
            }
        }

        pass.Original = after;
        pass.Status = after;
    }

    private static JsonNode Serialize(RotatingSecretStatus status) =>
        JsonSerializer.SerializeToNode(status, ResourcesJsonContext.Default.RotatingSecretStatus) ?? new JsonObject();

    private void NotReady(Pass pass, string reason, string message)
    {
        SetCondition(pass, ConditionTypes.Ready, Conditions.False, reason, message);
        Event(pass, EventType.Warning, reason, "Reconcile", message, onlyOnChangeOf: ConditionTypes.Ready);
    }

    private static void SetCondition(Pass pass, string type, string status, string reason, string message) =>
        pass.Status = pass.Status with { Conditions = Conditions.Set(pass.Status.Conditions, type, status, reason, message, pass.Resource.Metadata.Generation, pass.Now) };

    /// <param name="pass">The reconcile.</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">Why, in CamelCase.</param>
    /// <param name="action">What the operator did or tried.</param>
    /// <param name="note">The message; never a value.</param>
    /// <param name="onlyOnChangeOf">Record only when this condition's reason or message differs from the stored status, so a persistent problem is not re-announced on every refresh.</param>
    private void Event(Pass pass, EventType type, string reason, string action, string note, string? onlyOnChangeOf = null)
    {
        if (onlyOnChangeOf is not null)
        {
            var before = Conditions.Find(pass.Original.Conditions, onlyOnChangeOf);
            var now = Conditions.Find(pass.Status.Conditions, onlyOnChangeOf);
            if (before is not null && now is not null && before.Reason == now.Reason && before.Message == now.Message && before.Status == now.Status)
            {
                return;
            }
        }

        events.Record(pass.Reference, type, reason, action, note);
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        return Min(TimeSpan.FromTicks((long)Math.Min(options.RetryDelay.Ticks * factor, options.MaxRetryDelay.Ticks)), options.MaxRetryDelay);
    }

    // Spreads a thousand resources created together over a tenth of their interval, so their refreshes do not arrive as one burst.
    private static TimeSpan Jitter(TimeSpan delay) =>
        delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.1 * Random.Shared.NextDouble()));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static (string Reason, string Message)? AwsProblem(Exception e) => e switch
    {
        ResourceNotFoundException => (StatusReasons.SecretNotFound, "the secret does not exist in Secrets Manager (or this identity may not see it)"),
        RotationRefusedException refused => (refused.Reason, refused.Message),
        AwsServiceException or AwsTransportException or AwsCredentialsException or AwsResponseFormatException => (StatusReasons.AwsError, e.Message),
        InvalidOperationException when e.Message.StartsWith("no AWS region", StringComparison.Ordinal) => (StatusReasons.AwsError, e.Message),
        _ => null,
    };

    private static string StrategyName(RotationStrategy strategy) => strategy.ToString();

    /// <summary>The <c>username</c> field of a JSON secret (user names are not secret; status shows them).</summary>
    private static string? UsernameOf(SecretValue value)
    {
        if (value.SecretString is not { Length: > 0 } text || text.TrimStart() is not ['{', ..])
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String
                ? user.GetString()
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Deliberately silent: the parser's message can quote the value. The mirror reports the format problem.
            return null;
        }
    }

    private static ObjectReference Reference(RotatingSecret resource) => new()
    {
        ApiVersion = $"{RotatingSecret.Group}/{RotatingSecret.Version}",
        Kind = nameof(RotatingSecret),
        Namespace = resource.Metadata.Namespace,
        Name = resource.Metadata.Name,
        Uid = resource.Metadata.Uid,
    };

    /// <summary>One reconcile's working state: the status as read, the status being built, and what happened.</summary>
    private sealed class Pass(RotatingSecret resource, DateTimeOffset now)
    {
        public RotatingSecret Resource { get; set; } = resource;

        public DateTimeOffset Now { get; } = now;

        public RotatingSecretStatus Original { get; set; } = resource.Status ?? new RotatingSecretStatus();

        public RotatingSecretStatus Status { get; set; } = resource.Status ?? new RotatingSecretStatus();

        public ObjectReference Reference { get; } = RotatingSecretReconciler.Reference(resource);

        public bool Rotated { get; set; }

        /// <summary>When this pass's rotation moved AWSCURRENT (a <see cref="TimeProvider"/> timestamp), for the propagation metric.</summary>
        public long? RotatedAt { get; set; }

        /// <summary>The value this pass's rotation made AWSCURRENT, when the engine held it; never logged (it prints redacted).</summary>
        public SecretValue? RotatedValue { get; set; }

        public (string Reason, string Message)? RotationProblem { get; set; }

        /// <summary>What the target Secret's consumers could hold before this pass's mirror wrote it.</summary>
        public HeldVersion HeldBefore { get; set; } = HeldVersion.Current;
    }
}
