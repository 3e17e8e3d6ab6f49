using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Test-only stand-in for the rotation engine, which is being written elsewhere: runs createSecret, setSecret,
/// testSecret and finishSecret around a strategy the way the engine will, and can stop after any step to simulate a
/// crash. Resuming is calling <see cref="RunAsync"/> again with a fresh strategy and the same version id.
/// </summary>
internal sealed class FourStepDriver(ISecretsManager secrets, IPasswordSource passwords)
{
    /// <returns>True when the rotation finished; false when it stopped at <paramref name="stopAfter"/>.</returns>
    public async Task<bool> RunAsync(
        IRotationStrategy strategy, string secretId, string versionId, CrashPoint stopAfter, CancellationToken cancellationToken)
    {
        var stages = (await secrets.DescribeSecretAsync(secretId, cancellationToken)).VersionIdsToStages;
        if (stages.TryGetValue(versionId, out var own) && own.Contains(SecretVersionStages.Current))
        {
            // A crash inside finishSecret: AWSCURRENT already moved, only the pending label is left.
            if (own.Contains(SecretVersionStages.Pending))
            {
                await secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Pending, null, versionId, cancellationToken);
            }

            return true;
        }

        var currentVersion = stages.Single(s => s.Value.Contains(SecretVersionStages.Current)).Key;
        var current = await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.ByIdAndStage(currentVersion, SecretVersionStages.Current), cancellationToken);
        var previous = stages.Any(s => s.Value.Contains(SecretVersionStages.Previous))
            ? await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Previous, cancellationToken)
            : null;
        var pending = await TryGetPendingAsync(secretId, versionId, cancellationToken);
        var context = new RotationContext
        {
            SecretId = secretId,
            VersionId = versionId,
            Current = current,
            Previous = previous,
            Pending = pending,
            SecretsManager = secrets,
            Passwords = passwords,
        };

        await strategy.ValidateAsync(context, cancellationToken);
        if (pending is null)
        {
            var value = await strategy.CreatePendingAsync(context, cancellationToken);
            await secrets.PutSecretValueAsync(secretId, value, [SecretVersionStages.Pending], versionId, cancellationToken);
            context = context with
            {
                Pending = await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.ByIdAndStage(versionId, SecretVersionStages.Pending), cancellationToken),
            };
        }

        if (stopAfter == CrashPoint.AfterCreateSecret)
        {
            return false;
        }

        await strategy.SetAsync(context, cancellationToken);
        if (stopAfter == CrashPoint.AfterSetSecret)
        {
            return false;
        }

        try
        {
            await strategy.TestAsync(context, cancellationToken);
        }
        catch (RotationTestFailedException)
        {
            await strategy.RestoreAsync(context, cancellationToken);
            throw;
        }

        if (stopAfter == CrashPoint.AfterTestSecret)
        {
            return false;
        }

        await secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Current, versionId, currentVersion, cancellationToken);
        if (stopAfter == CrashPoint.AfterCurrentLabelMoved)
        {
            return false;
        }

        await secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Pending, null, versionId, cancellationToken);
        return true;
    }

    private async Task<SecretValue?> TryGetPendingAsync(string secretId, string versionId, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.ByIdAndStage(versionId, SecretVersionStages.Pending), cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }
}
