using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>Finds and reads the admin secret of alternating users.</summary>
internal static class PostgreSqlMasterSecret
{
    /// <summary>
    /// The AWSCURRENT value of the admin secret named by the resource, else by the user's <c>masterarn</c>. It must be for
    /// the same server as the user's secret: the admin's password is only ever sent to the server it belongs to.
    /// </summary>
    /// <exception cref="RotationRefusedException">MissingField, MasterSecretNotFound, MasterSecretAccessDenied, MasterSecretInvalid, HostMismatch.</exception>
    public static async Task<PostgreSqlRotationSecret> ReadAsync(
        RotationContext context, PostgreSqlRotationSecret user, PostgreSqlRotationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (id, value) = await AdminSecretSource.GetAsync(context, settings.MasterSecretId, user.MasterSecretId, user.Description, cancellationToken);
        var admin = PostgreSqlRotationSecret.Read(value, PostgreSqlSecretRole.Admin, settings, $"the admin secret '{id}'");
        if (!admin.SameServerAs(user))
        {
            throw PostgreSqlRefusals.Refuse(
                DatabaseRotationReasons.HostMismatch,
                $"the admin secret '{id}' is for {admin.Server} but {user.Description} is for {user.Server}; the admin's credentials are only used on their own server");
        }

        return admin;
    }
}
