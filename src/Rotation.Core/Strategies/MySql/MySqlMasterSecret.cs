using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>Finds and reads the admin secret of alternating users.</summary>
internal static class MySqlMasterSecret
{
    /// <summary>
    /// The AWSCURRENT value of the admin secret named by the resource, else by the user's <c>masterarn</c>. It must be
    /// for the same server as the user's secret: the admin's password is only ever sent to the server it belongs to,
    /// whatever host a user's secret names.
    /// </summary>
    /// <param name="context">The rotation.</param>
    /// <param name="masterSecretId">The resource's admin secret, if it names one.</param>
    /// <param name="user">The user's secret.</param>
    /// <param name="tls">The resource's TLS choice.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="RotationRefusedException">MissingField, MasterSecretNotFound, MasterSecretAccessDenied, MasterSecretInvalid, HostMismatch.</exception>
    public static async Task<MySqlRotationSecret> ReadAsync(
        RotationContext context, string? masterSecretId, MySqlRotationSecret user, MySqlTlsSettings tls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (id, value) = await AdminSecretSource.GetAsync(context, masterSecretId, user.MasterSecretId, user.Description, cancellationToken);
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
