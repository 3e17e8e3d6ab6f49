using System.Globalization;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Passwords;

namespace Rotator.Rotation.Engine;

/// <summary>
/// Decides where a rotation starts from the secret's labels (new, resume AWSPENDING, or replay a finished one;
/// refuse another tool's rotation in flight) and gathers what the strategy reads. Reads only; writes nothing.
/// </summary>
internal sealed class RotationPlanner(ISecretsManager secrets, TimeProvider time)
{
    public async Task<(RotationPlan? Plan, RotationOutcome? Outcome)> PlanAsync(RotationRequest request, VersionLabels labels, CancellationToken cancellationToken)
    {
        var secretId = request.SecretId;
        var current = labels.HolderOf(SecretVersionStages.Current);
        if (current is null)
        {
            return (null, RotationOutcomes.Refused(secretId, request.ResumeVersionId, RotationReasons.NoCurrentVersion, $"secret '{secretId}' has no AWSCURRENT version to rotate from"));
        }

        // AWSPENDING on the AWSCURRENT version is a finished rotation's leftover, not a rotation in progress
        // (AWS's RotateSecret sees it the same way); the next PutSecretValue moves the label off it.
        var pending = labels.HolderOf(SecretVersionStages.Pending) is { } p && p != current ? p : null;
        if (request.ResumeVersionId is { } id)
        {
            if (labels.Has(id, SecretVersionStages.Current))
            {
                return (new RotationPlan(id, RotationPlanStart.Current), null);
            }

            if (labels.Has(id, SecretVersionStages.Pending))
            {
                return (new RotationPlan(id, RotationPlanStart.Pending), null);
            }

            // DescribeSecret leaves out versions without labels, so ask for every version.
            if (labels.Contains(id) || await FindVersionAsync(secretId, id, cancellationToken) is not null)
            {
                return (null, RotationOutcomes.Refused(secretId, id, RotationReasons.VersionNotPending,
                    $"version {id} of secret '{secretId}' is neither AWSPENDING nor AWSCURRENT ({labels.Describe(id)}): it was abandoned or superseded; start a new rotation"));
            }

            if (pending is null)
            {
                return (new RotationPlan(id, RotationPlanStart.New), null);
            }
        }

        if (pending is null)
        {
            return (new RotationPlan(Guid.NewGuid().ToString(), RotationPlanStart.New), null);
        }

        var created = (await FindVersionAsync(secretId, pending, cancellationToken))?.CreatedDate;
        var age = created is { } c ? time.GetUtcNow() - c : (TimeSpan?)null;
        var since = created is { } d ? $"pending since {d.UtcDateTime.ToString("u", CultureInfo.InvariantCulture)}" : "pending since an unknown time";
        if (request.TakeOverPendingOlderThan is { } limit && age > limit)
        {
            return (new RotationPlan(pending, RotationPlanStart.Pending, $"took over rotation {pending}, {since}"), null);
        }

        var hint = request.TakeOverPendingOlderThan is { } l
            ? $"it is taken over once older than {l}"
            : "resume it with its version id, abandon it, or allow taking it over";
        return (null, RotationOutcomes.Refused(secretId, pending, RotationReasons.RotationInProgress, $"rotation {pending} in progress, started elsewhere ({since}); {hint}"));
    }

    public async Task<RotationContext> ContextAsync(RotationRequest request, string versionId, VersionLabels labels, CancellationToken cancellationToken)
    {
        var secretId = request.SecretId;
        var current = await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, cancellationToken);
        SecretValue? previous = null;
        if (labels.HolderOf(SecretVersionStages.Previous) is not null)
        {
            try
            {
                previous = await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Previous, cancellationToken);
            }
            catch (ResourceNotFoundException)
            {
                // AWSPREVIOUS moved between the two reads; the strategies treat it as optional anyway.
            }
        }

        return new RotationContext
        {
            SecretId = secretId,
            VersionId = versionId,
            Current = current,
            Previous = previous,
            SecretsManager = secrets,
            Passwords = request.Passwords ?? new PasswordGenerator(PasswordPolicy.Default),
            Time = time,
        };
    }

    /// <summary>The AWSPENDING value of <paramref name="versionId"/>; null when the label moved away since the secret was described.</summary>
    public async Task<SecretValue?> TryGetPendingAsync(string secretId, string versionId, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.GetSecretValueAsync(secretId, SecretVersionSelector.ByIdAndStage(versionId, SecretVersionStages.Pending), cancellationToken);
        }
        catch (ResourceNotFoundException)
        {
            // createSecret reads it again and fails as a step, which a retry can get past; not a missing secret.
            return null;
        }
    }

    private async Task<SecretVersionEntry?> FindVersionAsync(string secretId, string versionId, CancellationToken cancellationToken)
    {
        await foreach (var version in secrets.ListAllSecretVersionsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, cancellationToken))
        {
            if (version.VersionId == versionId)
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>A refusal when the secret cannot be rotated by this engine at all (scheduled for deletion, owned by a service).</summary>
    public static RotationOutcome? CheckSecret(SecretDescription description, string secretId)
    {
        if (description.DeletedDate is not null)
        {
            return RotationOutcomes.Refused(secretId, null, RotationReasons.SecretDeleted, $"secret '{secretId}' is scheduled for deletion");
        }

        if (description.OwningService is { Length: > 0 } owner)
        {
            return RotationOutcomes.Refused(secretId, null, RotationReasons.OwnedByService,
                $"secret '{secretId}' is owned by the AWS service '{owner}', which rotates it; use the AwsManaged strategy");
        }

        return null;
    }
}
