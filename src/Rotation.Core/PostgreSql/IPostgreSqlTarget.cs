namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// A PostgreSQL server as rotation sees it. Every failure is a <see cref="PostgreSqlTargetException"/> with a typed
/// <see cref="PostgreSqlFailure"/>; no message, result or exception contains a password, and no password is ever sent
/// to the server in a statement (only SCRAM or, where the server asks for it, MD5 verifiers).
/// </summary>
public interface IPostgreSqlTarget
{
    /// <summary>Logs in and runs <c>SELECT 1</c>. Never throws for server or network trouble: the result says what happened.</summary>
    Task<PostgreSqlProbe> ProbeAsync(PostgreSqlEndpoint endpoint, PostgreSqlCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>
    /// Logs in as <paramref name="current"/> and changes that role's own password (which PostgreSQL lets any role do).
    /// PostgreSQL has no dual passwords: the old one stops working at once.
    /// </summary>
    Task<PostgreSqlPasswordEncoding> ChangeOwnPasswordAsync(
        PostgreSqlEndpoint endpoint, PostgreSqlCredentials current, string newPassword, CancellationToken cancellationToken = default);

    /// <summary>Logs in as an administrator for the operations of <see cref="IPostgreSqlAdminSession"/>.</summary>
    Task<IPostgreSqlAdminSession> OpenAdminSessionAsync(PostgreSqlEndpoint endpoint, PostgreSqlCredentials admin, CancellationToken cancellationToken = default);
}
