using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>Finds and reads the admin secret of alternating users.</summary>
internal static class MySqlMasterSecret
{
    /// <summary>
    /// The AWSCURRENT value of the admin secret named by the resource, else by the user's <c>masterarn</c>. It must be
    /// for the same server as the user's secret: the admin's password is only ever sent to the server it belongs to,
    /// whatever host a user's secret names.
    /// </summary>
    /// <exception cref="RotationRefusedException">MissingField, MasterSecretNotFound, MasterSecretAccessDenied, MasterSecretInvalid, HostMismatch.</exception>
    public static async Task<MySqlRotationSecret> ReadAsync(
        RotationContext context, MySqlRotationSecret user, MySqlTlsSettings tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);
        var id = string.IsNullOrWhiteSpace(context.Settings.MySqlMasterSecretId) ? user.MasterSecretId : context.Settings.MySqlMasterSecretId.Trim();
        if (id is null)
        {
            throw MySqlRefusals.Refuse(
                MySqlRotationReasons.MissingField,
                $"{user.Description}: field 'masterarn' is missing and the resource names no admin secret; alternating users need one");
        }

        SecretValue value;
        try
        {
            value = await context.SecretsManager.GetSecretValueAsync(id, SecretVersionSelector.Current, cancellationToken);
        }
        catch (ResourceNotFoundException e)
        {
            throw MySqlRefusals.Refuse(MySqlRotationReasons.MasterSecretNotFound, $"the admin secret '{id}' does not exist or has no AWSCURRENT version", e);
        }
        catch (InvalidRequestException e)
        {
            // Secrets Manager's answer for a secret scheduled for deletion.
            throw MySqlRefusals.Refuse(MySqlRotationReasons.MasterSecretNotFound, $"the admin secret '{id}' cannot be read: {e.Message}", e);
        }
        catch (Exception e) when (e is AccessDeniedException or DecryptionFailureException)
        {
            throw MySqlRefusals.Refuse(MySqlRotationReasons.MasterSecretAccessDenied, $"the operator may not read the admin secret '{id}': {e.Message}", e);
        }

        var admin = MySqlRotationSecret.Read(value, MySqlSecretRole.Admin, tls, $"the admin secret '{id}'");
        if (!admin.SameServerAs(user))
        {
            throw MySqlRefusals.Refuse(
                MySqlRotationReasons.HostMismatch,
                $"the admin secret '{id}' is for {admin.Server} but {user.Description} is for {user.Server}; "
                + "the admin's credentials are only used on their own server");
        }

        return admin;
    }
}
