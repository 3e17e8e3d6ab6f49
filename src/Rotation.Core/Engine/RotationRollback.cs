using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Passwords;

namespace Rotator.Rotation.Engine;

/// <summary>
/// Rolls a secret back to its AWSPREVIOUS version: the target is made to accept that version's credential again
/// (set back where the strategy's setSecret replaced it, only proven to work where it never stopped working), then
/// AWSCURRENT moves onto it, which makes Secrets Manager hand AWSPREVIOUS to the version rolled away from. Nothing
/// is changed when there is no AWSPREVIOUS, when a rotation is in flight, or when the previous credential cannot be
/// made to work; every step converges when re-run, so a crash anywhere resumes with the same
/// <see cref="RollbackRequest.FromVersionId"/>.
/// </summary>
public sealed class RotationRollback
{
    private readonly ISecretsManager secrets;
    private readonly TimeProvider time;

    public RotationRollback(ISecretsManager secrets, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        this.secrets = secrets;
        this.time = time ?? TimeProvider.System;
    }

    /// <returns>
    /// Succeeded (reason <see cref="RotationReasons.RolledBack"/>, or <see cref="RotationReasons.AlreadyCurrent"/> for a
    /// replay) with the version now AWSCURRENT; Refused when nothing was or may be changed; Failed when a call failed
    /// and the same request should be retried.
    /// </returns>
    public async Task<RotationOutcome> RunAsync(RollbackRequest request, IRotationStrategy strategy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SecretId);
        var secretId = request.SecretId;
        string? target = null;
        try
        {
            var description = await secrets.DescribeSecretAsync(secretId, cancellationToken);
            if (description.DeletedDate is not null)
            {
                return Refused(secretId, null, RotationReasons.SecretDeleted, $"secret '{secretId}' is scheduled for deletion");
            }

            var labels = new VersionLabels(description.VersionIdsToStages);
            var current = labels.HolderOf(SecretVersionStages.Current);
            if (request.FromVersionId is { } from && current != from)
            {
                // Only this rollback's own label move puts AWSPREVIOUS on the version it started from.
                return current is not null && labels.Has(from, SecretVersionStages.Previous) && (request.ToVersionId is null || request.ToVersionId == current)
                    ? new RotationOutcome
                    {
                        SecretId = secretId, VersionId = current, Result = RotationResult.Succeeded, Reason = RotationReasons.AlreadyCurrent,
                        Message = $"version {current} is AWSCURRENT again and {from} is AWSPREVIOUS: the rollback had finished",
                    }
                    : Refused(secretId, current, RotationReasons.LabelsMoved,
                        $"AWSCURRENT moved from {from} to {current ?? "no version"} while rolling back, not by this rollback; nothing more was changed");
            }

            if (current is null)
            {
                return Refused(secretId, null, RotationReasons.NoCurrentVersion, $"secret '{secretId}' has no AWSCURRENT version");
            }

            target = labels.HolderOf(SecretVersionStages.Previous);
            if (target is null || target == current)
            {
                return Refused(secretId, null, RotationReasons.NoPreviousVersion, $"secret '{secretId}' has no AWSPREVIOUS version to roll back to");
            }

            if (request.ToVersionId is { } to && to != target)
            {
                return Refused(secretId, target, RotationReasons.LabelsMoved, $"AWSPREVIOUS moved from {to} to {target} while rolling back, not by this rollback; nothing more was changed");
            }

            if (labels.HolderOf(SecretVersionStages.Pending) is { } pending && pending != current)
            {
                return Refused(secretId, target, RotationReasons.RotationInProgress,
                    $"rotation {pending} is in flight (AWSPENDING); finish or abandon it before rolling back");
            }

            var context = new RotationContext
            {
                SecretId = secretId,
                VersionId = target,
                Current = await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.ById(current), cancellationToken),

                // The version to restore plays the pending one: the value setSecret makes the target accept and testSecret proves.
                Pending = await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.ById(target), cancellationToken),
                SecretsManager = secrets,
                Passwords = request.Passwords ?? new PasswordGenerator(PasswordPolicy.Default),
                Time = time,
            };
            if (await PutBackAsync(context, strategy, cancellationToken) is { } refusal)
            {
                return refusal;
            }

            // AWS hands AWSPREVIOUS to the version AWSCURRENT leaves, so one call moves both labels.
            await secrets.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Current, target, current, cancellationToken);
            var notes = context.Notes.All;
            return new RotationOutcome
            {
                SecretId = secretId, VersionId = target, Result = RotationResult.Succeeded, Reason = RotationReasons.RolledBack,
                Message = RotationNotesText.Append($"AWSCURRENT moved back from {current} to {target}; {current} is AWSPREVIOUS", notes), Notes = notes,
                Current = context.Pending with { VersionStages = [SecretVersionStages.Current] },
            };
        }
        catch (ResourceNotFoundException)
        {
            return Refused(secretId, target, RotationReasons.SecretNotFound, $"secret '{secretId}' or one of its versions does not exist (or this identity may not see it)");
        }
        catch (RotationRefusedException e) when (request.Resuming && strategy is IReplacesCurrentCredential)
        {
            return new RotationOutcome
            {
                SecretId = secretId, VersionId = target, Result = RotationResult.Failed, Reason = e.Reason,
                Message = $"resuming the rollback failed: {e.Message}; an earlier attempt may have set the previous credential back, so it is retried",
            };
        }
        catch (RotationRefusedException e)
        {
            return Refused(secretId, target, e.Reason, e.Message);
        }
        catch (SecretFormatException e)
        {
            return Refused(secretId, target, RotationFailures.SecretFormat, e.Message);
        }
        catch (Exception e) when (!RotationFailures.IsStop(e))
        {
            return new RotationOutcome
            {
                SecretId = secretId, VersionId = target, Result = RotationResult.Failed, Reason = RotationFailures.ReasonOf(e),
                Message = $"rolling back failed: {RotationFailures.MessageOf(e)}",
            };
        }
    }

    /// <returns>Null when the target accepts the previous credential; a refusal when it cannot be made to.</returns>
    private static async Task<RotationOutcome?> PutBackAsync(RotationContext context, IRotationStrategy strategy, CancellationToken cancellationToken)
    {
        var replaces = strategy is IReplacesCurrentCredential;
        if (replaces)
        {
            await strategy.ValidateAsync(context, cancellationToken);
            await strategy.SetAsync(context, cancellationToken);
        }

        try
        {
            await strategy.TestAsync(context, cancellationToken);
            return null;
        }
        catch (RotationTestFailedException e) when (e.Rejected)
        {
            var undone = "nothing was changed";
            if (replaces)
            {
                // AWSCURRENT still names the newer credential: put it back so consumers keep working.
                await strategy.RestoreAsync(context, cancellationToken);
                undone = "the current credential was put back";
            }

            return Refused(context.SecretId, context.VersionId, RotationReasons.PreviousCredentialRejected,
                $"the credential of AWSPREVIOUS version {context.VersionId} does not work on the target ({e.Reason}: {e.Message}); {undone}");
        }
    }

    private static RotationOutcome Refused(string secretId, string? versionId, string reason, string message) =>
        RotationOutcomes.Refused(secretId, versionId, reason, message);
}
