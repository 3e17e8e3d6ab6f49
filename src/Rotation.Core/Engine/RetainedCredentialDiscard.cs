using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Passwords;

namespace Rotator.Rotation.Engine;

/// <summary>
/// The last act of a rotation that kept the previous credential working (MySQL dual passwords): once every consumer
/// runs on the new version, only its credential is left. Outcomes, never exceptions, so the caller reports and retries.
/// </summary>
internal sealed class RetainedCredentialDiscard(ISecretsManager secrets, TimeProvider time)
{
    public async Task<RotationOutcome?> RunAsync(RetainedCredentialRequest request, IRotationStrategy strategy, CancellationToken cancellationToken)
    {
        if (strategy is not IRetainsPreviousCredential retaining || !retaining.RetainsPrevious)
        {
            return null;
        }

        try
        {
            var context = new RotationContext
            {
                SecretId = request.SecretId,
                VersionId = request.VersionId,
                Current = await secrets.GetSecretValueAsync(request.SecretId, SecretVersionSelector.ById(request.VersionId), cancellationToken),
                SecretsManager = secrets,
                Passwords = request.Passwords ?? new PasswordGenerator(new PasswordPolicy()),
                Time = time,
            };
            await retaining.DiscardRetainedAsync(context, cancellationToken);
            return Outcome(request, RotationResult.Succeeded, RotationReasons.RetainedCredentialDiscarded, "the previous credential no longer works");
        }
        catch (RotationRefusedException e)
        {
            return Outcome(request, RotationResult.Refused, e.Reason, e.Message);
        }
        catch (Exception e) when (!RotationFailures.IsStop(e))
        {
            // The target or Secrets Manager did not answer: nothing changed, the caller tries again later.
            return Outcome(request, RotationResult.Failed, RotationFailures.ReasonOf(e), RotationFailures.MessageOf(e));
        }
    }

    private static RotationOutcome Outcome(RetainedCredentialRequest request, RotationResult result, string reason, string message) =>
        RotationOutcomes.Of(request.SecretId, request.VersionId, result, reason, message);
}
