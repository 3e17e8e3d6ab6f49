namespace Rotator.Rotation.MySql;

/// <summary>
/// A MySQL-protocol server (MySQL or MariaDB) as rotation sees it. Every failure is a <see cref="MySqlTargetException"/>
/// with a typed <see cref="MySqlFailure"/>; no message, result or exception ever contains a password.
/// </summary>
public interface IMySqlTarget
{
    /// <summary>Logs in and runs <c>SELECT 1</c>. Never throws for server or network trouble: the result says what happened.</summary>
    Task<MySqlProbeResult> ProbeAsync(MySqlEndpoint endpoint, MySqlCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs in as <paramref name="current"/> and changes that account's own password. Only the account the server
    /// matched for this login changes (one host), which is all a user may change without admin rights.
    /// </summary>
    /// <param name="endpoint">Where.</param>
    /// <param name="current">The user and its current password.</param>
    /// <param name="newPassword">The new password.</param>
    /// <param name="retention"><see cref="MySqlPasswordRetention.RetainCurrent"/> keeps the old password working until
    /// <see cref="DiscardOwnOldPasswordAsync"/>: MySQL 8.0.14+ only, and the user needs APPLICATION_PASSWORD_ADMIN;
    /// elsewhere it fails with <see cref="MySqlFailure.NotSupported"/> before anything changes.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    Task ChangeOwnPasswordAsync(
        MySqlEndpoint endpoint,
        MySqlCredentials current,
        string newPassword,
        MySqlPasswordRetention retention = MySqlPasswordRetention.Replace,
        CancellationToken cancellationToken = default);

    /// <summary>Logs in and drops the account's secondary (retained) password. MySQL 8.0.14+ only.</summary>
    Task DiscardOwnOldPasswordAsync(MySqlEndpoint endpoint, MySqlCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>Logs in as an administrator for the operations of <see cref="IMySqlAdminSession"/>.</summary>
    Task<IMySqlAdminSession> OpenAdminSessionAsync(MySqlEndpoint endpoint, MySqlCredentials admin, CancellationToken cancellationToken = default);
}
