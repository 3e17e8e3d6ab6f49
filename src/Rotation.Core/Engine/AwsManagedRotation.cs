using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Engine;

/// <summary>
/// The AwsManaged strategy: the rotation belongs to AWS (a rotation Lambda, or a managing service such as
/// RDS). Asks Secrets Manager to rotate, then waits, polling DescribeSecret with a growing pause, until
/// AWSCURRENT has moved to a readable version. Resumable like the engine: given the version id of a
/// rotation already under way, or finding one in progress, it waits for that one instead of starting another.
/// </summary>
public sealed class AwsManagedRotation
{
    /// <summary>The strategy name in events and metrics.</summary>
    public const string StrategyName = "AwsManaged";

    private readonly ISecretsManager secrets;
    private readonly AwsManagedRotationOptions options;
    private readonly IRotationObserver observer;
    private readonly TimeProvider time;
    private readonly IRotationFaultInjector? faults;

    public AwsManagedRotation(
        ISecretsManager secrets,
        AwsManagedRotationOptions? options = null,
        IRotationObserver? observer = null,
        TimeProvider? time = null,
        IRotationFaultInjector? faults = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        this.secrets = secrets;
        this.options = options ?? new AwsManagedRotationOptions();
        this.observer = observer ?? NullRotationObserver.Instance;
        this.time = time ?? TimeProvider.System;
        this.faults = faults;
    }

    /// <summary>Starts (or joins) AWS's rotation of <see cref="RotationRequest.SecretId"/> and waits for it.</summary>
    public async Task<RotationOutcome> RunAsync(RotationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SecretId);
        var secretId = request.SecretId;
        if (request.HoldBeforeSetSecret)
        {
            // RotateSecret hands all four steps to AWS: there is no point between them at which to wait.
            return Outcome(secretId, request.ResumeVersionId, RotationResult.Refused, RotationReasons.HoldUnsupported, "AWS runs every step of a managed rotation itself, so it cannot wait for approval before setSecret");
        }

        VersionLabels labels;
        string? before;
        string versionId;
        try
        {
            labels = new VersionLabels((await secrets.DescribeSecretAsync(secretId, cancellationToken)).VersionIdsToStages);
            before = labels.HolderOf(SecretVersionStages.Current);
            var pending = labels.HolderOf(SecretVersionStages.Pending) is { } p && p != before ? p : null;
            versionId = request.ResumeVersionId ?? pending ?? Guid.NewGuid().ToString();
            if (before is not null && versionId == before)
            {
                if (await ReadableCurrentAsync(secretId, cancellationToken) is { } current && current.VersionId == versionId)
                {
                    return Outcome(secretId, versionId, RotationResult.Succeeded, RotationReasons.AlreadyCurrent, $"version {versionId} is already AWSCURRENT");
                }

                // Labelled AWSCURRENT but not readable yet: wait for it (or for whatever replaces it) like any rotation.
                before = null;
            }
        }
        catch (ResourceNotFoundException)
        {
            return Outcome(secretId, null, RotationResult.Refused, RotationReasons.SecretNotFound, $"secret '{secretId}' does not exist (or this identity may not see it)");
        }
        catch (Exception e) when (e is AwsServiceException or AwsTransportException)
        {
            return Outcome(secretId, null, RotationResult.Failed, RotationReasons.SecretsManagerError, $"reading the secret failed: {e.Message}");
        }

        if (labels.Contains(versionId) && !labels.Has(versionId, SecretVersionStages.Pending) && !labels.Has(versionId, SecretVersionStages.Current))
        {
            return Outcome(secretId, versionId, RotationResult.Refused, RotationReasons.VersionNotPending,
                $"version {versionId} of secret '{secretId}' is neither AWSPENDING nor AWSCURRENT ({labels.Describe(versionId)}): that rotation is over");
        }

        var steps = new RotationStepRunner(observer, time, secretId, versionId, StrategyName);
        // A version that exists is a rotation AWS already started (ours, resumed, or its own schedule's): wait
        // for it rather than start a second one, which AWS would refuse while the first is in progress.
        if (!labels.Contains(versionId))
        {
            var failure = await steps.RunAsync(RotationStepNames.RotateSecret, () => RotateAsync(secretId, versionId, cancellationToken));
            if (failure is not null)
            {
                return failure.Reason == RotationReasons.RotateSecretRejected ? failure with { Result = RotationResult.Refused } : failure;
            }

            faults?.Reached(RotationFaultPoint.AfterRotateSecret, secretId, versionId);
        }

        SecretValue? rotated = null;
        var waited = await steps.RunAsync(RotationStepNames.AwaitRotation, async () => rotated = await AwaitCurrentAsync(secretId, before, versionId, cancellationToken));
        if (waited is not null)
        {
            return waited;
        }

        return Outcome(secretId, rotated!.VersionId, RotationResult.Succeeded, RotationReasons.Rotated, $"AWS rotated the secret: version {rotated.VersionId} is AWSCURRENT");
    }

    private async Task RotateAsync(string secretId, string versionId, CancellationToken cancellationToken)
    {
        try
        {
            await secrets.RotateSecretAsync(
                secretId,
                new RotateSecretOptions { ClientRequestToken = versionId, RotationLambdaArn = options.RotationLambdaArn, RotateImmediately = true },
                cancellationToken);
        }
        catch (InvalidRequestException e)
        {
            // Rotation not configured, or one already in progress: AWS's message says which.
            throw new RotationRefusedException($"Secrets Manager refused RotateSecret: {e.ServiceMessage ?? e.Message}", e)
            {
                Reason = RotationReasons.RotateSecretRejected,
            };
        }
    }

    private async Task<SecretValue> AwaitCurrentAsync(string secretId, string? before, string versionId, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var delay = options.FirstPollDelay;
        while (true)
        {
            var labels = new VersionLabels((await secrets.DescribeSecretAsync(secretId, cancellationToken)).VersionIdsToStages);
            // Done means the new AWSCURRENT can be read: that is what the operator mirrors next.
            if (labels.HolderOf(SecretVersionStages.Current) is { } current && current != before
                && await ReadableCurrentAsync(secretId, cancellationToken) is { } value)
            {
                return value;
            }

            var elapsed = time.GetElapsedTime(started);
            if (elapsed + delay > options.Timeout)
            {
                throw new RotationTimedOutException(
                    $"AWSCURRENT of '{secretId}' did not move to a readable version within {options.Timeout} of rotation {versionId}; AWS may still finish it");
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.MaxPollDelay.Ticks));
        }
    }

    private async Task<SecretValue?> ReadableCurrentAsync(string secretId, CancellationToken cancellationToken)
    {
        try
        {
            var value = await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, cancellationToken);
            return value.SecretString is not null || value.SecretBinary is not null ? value : null;
        }
        catch (ResourceNotFoundException)
        {
            // AWSCURRENT points at a version without a value yet.
            return null;
        }
    }

    private static RotationOutcome Outcome(string secretId, string? versionId, RotationResult result, string reason, string message) =>
        RotationOutcomes.Of(secretId, versionId, result, reason, message);
}
