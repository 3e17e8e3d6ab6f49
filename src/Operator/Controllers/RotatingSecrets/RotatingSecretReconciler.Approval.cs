using Microsoft.Extensions.Logging;
using Rotator.Operator.Resources;
using Rotator.Operator.Runtime.Events;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using EngineResult = Rotator.Rotation.Engine.RotationResult;
using HistoryResult = Rotator.Operator.Resources.RotationResult;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>The approval gate's side of a reconcile (<see cref="ApprovalGate"/> decides; these apply it).</summary>
public sealed partial class RotatingSecretReconciler
{
    /// <summary>The engine stopped before setSecret: the pending version is stored and now waits for approval.</summary>
    private TimeSpan? Held(Pass pass, ResolvedSpec spec, string? staleApproval, int attempts)
    {
        var rotation = pass.Status.Rotation!;
        // The run that stored AWSPENDING is not an attempt at the steps the gate holds back: after approval,
        // the first try of setSecret is attempt 1 of MaxRotationAttempts.
        pass.Status = pass.Status with
        {
            Rotation = rotation with { Step = RotationStepNames.SetSecret, Attempts = attempts - 1, LastError = null, AwaitingApprovalSince = rotation.AwaitingApprovalSince ?? pass.Now },
        };
        var delay = AwaitApproval(pass, spec, staleApproval);
        Event(pass, EventType.Normal, StatusReasons.AwaitingApproval, "Rotate", Conditions.Find(pass.Status.Conditions, ConditionTypes.Rotating)!.Message);
        return delay;
    }

    /// <summary>
    /// A rotation waiting for approval: reported, nothing else. No AWS write and no call to the target, however
    /// many refreshes pass; the approval annotation is a metadata change, which the watch delivers at once.
    /// </summary>
    private TimeSpan? AwaitApproval(Pass pass, ResolvedSpec spec, string? staleApproval)
    {
        var rotation = pass.Status.Rotation!;
        var versionId = rotation.VersionId;
        var name = pass.Resource.Metadata.Name;
        var deadline = rotation.AwaitingApprovalSince + spec.ApprovalTimeout;
        var message = $"rotation {versionId} waits for approval before setSecret (AWSPENDING stored, the target is unchanged): "
            + $"run `kubectl rotator approve {name}` or annotate {ApprovalGate.ApproveAnnotation}={versionId}"
            + (deadline is { } d ? $"; discarded if not approved by {d.UtcDateTime:u}" : "");
        if (staleApproval is not null)
        {
            message += $"; {ApprovalGate.ApproveAnnotation}={staleApproval} names another version and approves nothing";
        }

        SetCondition(pass, ConditionTypes.Rotating, Conditions.True, StatusReasons.AwaitingApproval, message);
        if (staleApproval is not null)
        {
            // Once per value: the condition message changes only when the annotation does.
            Event(pass, EventType.Warning, StatusReasons.ApprovalIgnored, "Approve",
                $"{ApprovalGate.ApproveAnnotation} names version {staleApproval} but the pending version is {versionId}: nothing approved", onlyOnChangeOf: ConditionTypes.Rotating);
        }

        return deadline is { } until ? Max(until - pass.Now, TimeSpan.Zero) + TimeSpan.FromSeconds(1) : null;
    }

    /// <summary>
    /// Nobody approved in time: the pending version is discarded as an abandoned rotation's is (AWSPENDING
    /// removed), with its own history result, so the next rotation starts fresh. The target was never touched.
    /// </summary>
    private async Task<TimeSpan?> ExpireApprovalAsync(Pass pass, ResolvedSpec spec, ISecretsManager secrets, CancellationToken cancellationToken)
    {
        var rotation = pass.Status.Rotation!;
        var versionId = rotation.VersionId!;
        var discarded = await new RotationEngine(secrets, null, time).AbandonAsync(spec.SecretId, versionId, cancellationToken);
        if (discarded.Result == EngineResult.Failed)
        {
            // Secrets Manager did not answer: still waiting (an approval now still counts); tried again soon.
            pass.RotationProblem = (StatusReasons.AwsError, discarded.Message);
            SetCondition(pass, ConditionTypes.Rotating, Conditions.True, StatusReasons.AwaitingApproval,
                $"rotation {versionId} was not approved in time and is being discarded: {discarded.Message}");
            return options.RetryDelay;
        }

        var timeout = spec.ApprovalTimeout is { } t ? $" within {t}" : "";
        var message = $"rotation {versionId} was not approved{timeout}: {discarded.Message}; the target never changed";
        logger.LogWarning("Rotation {VersionId} of {SecretId} expired without approval: {Message}", versionId, spec.SecretId, discarded.Message);
        metrics.RotationFinished(StrategyName(spec.Strategy), HistoryResult.Expired.ToString());
        pass.Status = pass.Status with
        {
            Rotation = null,
            History = StatusLists.Upsert(pass.Status.History,
                new RotationHistoryEntry { VersionId = versionId, StartedAt = rotation.StartedAt, FinishedAt = pass.Now, Result = HistoryResult.Expired }, options.HistoryLimit),
        };
        SetCondition(pass, ConditionTypes.Rotating, Conditions.False, StatusReasons.ApprovalExpired, message);
        Event(pass, EventType.Warning, StatusReasons.ApprovalExpired, "Rotate", message);
        return spec.RefreshInterval;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
