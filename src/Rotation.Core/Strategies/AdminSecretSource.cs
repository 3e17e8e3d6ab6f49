using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Strategies;

/// <summary>Finds the admin secret of an alternating-users rotation and reads its AWSCURRENT value.</summary>
internal static class AdminSecretSource
{
    /// <param name="context">The rotation.</param>
    /// <param name="configuredId">The admin secret the resource names; it wins over <paramref name="masterArn"/>.</param>
    /// <param name="masterArn">The user secret's <c>masterarn</c> field.</param>
    /// <param name="userDescription">The user's secret, for messages.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The admin secret's id and its AWSCURRENT value.</returns>
    /// <exception cref="RotationRefusedException">MissingField, MasterSecretNotFound, MasterSecretAccessDenied.</exception>
    public static async Task<(string Id, SecretValue Value)> GetAsync(
        RotationContext context, string? configuredId, string? masterArn, string userDescription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = string.IsNullOrWhiteSpace(configuredId) ? masterArn : configuredId.Trim();
        if (id is null)
        {
            throw Refuse(
                DatabaseRotationReasons.MissingField,
                $"{userDescription}: field 'masterarn' is missing and the resource names no admin secret; alternating users need one");
        }

        try
        {
            return (id, await context.SecretsManager.GetSecretValueAsync(id, SecretVersionSelector.Current, cancellationToken));
        }
        catch (ResourceNotFoundException e)
        {
            throw Refuse(DatabaseRotationReasons.MasterSecretNotFound, $"the admin secret '{id}' does not exist or has no AWSCURRENT version", e);
        }
        catch (InvalidRequestException e)
        {
            // Secrets Manager's answer for a secret scheduled for deletion.
            throw Refuse(DatabaseRotationReasons.MasterSecretNotFound, $"the admin secret '{id}' cannot be read: {e.Message}", e);
        }
        catch (Exception e) when (e is AccessDeniedException or DecryptionFailureException)
        {
            throw Refuse(DatabaseRotationReasons.MasterSecretAccessDenied, $"the operator may not read the admin secret '{id}': {e.Message}", e);
        }
    }

    private static RotationRefusedException Refuse(string reason, string message, Exception? inner = null) =>
        inner is null ? new RotationRefusedException(message) { Reason = reason } : new RotationRefusedException(message, inner) { Reason = reason };
}
