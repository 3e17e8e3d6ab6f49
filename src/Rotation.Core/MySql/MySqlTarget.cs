namespace Rotator.Rotation.MySql;

/// <summary>
/// <see cref="IMySqlTarget"/> over MySqlConnector. Owns the driver's discipline (sql_mode, quoting, error wrapping,
/// where cancellation may stop a change) so nothing else meets it. Each call opens its own connection.
/// </summary>
public sealed class MySqlTarget : IMySqlTarget
{
    private readonly TimeProvider time;
    private readonly IReadOnlyList<string> sessionPreamble;

    public MySqlTarget()
        : this(TimeProvider.System)
    {
    }

    public MySqlTarget(TimeProvider time)
        : this(time, [])
    {
    }

    /// <param name="time">Clock for <see cref="MySqlProbeResult.Elapsed"/>.</param>
    /// <param name="sessionPreamble">Statements run on every connection before it is set up; tests use it to give a
    /// session the sql_mode a server could have globally (e.g. NO_BACKSLASH_ESCAPES) without changing the server.</param>
    internal MySqlTarget(TimeProvider time, IReadOnlyList<string> sessionPreamble)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        this.sessionPreamble = sessionPreamble;
    }

    public async Task<MySqlProbeResult> ProbeAsync(MySqlEndpoint endpoint, MySqlCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        var started = time.GetTimestamp();
        try
        {
            await using var session = await OpenAsync(endpoint, credentials, cancellationToken);
            var answer = await session.QueryAsync("running the probe query", "SELECT 1", r => r.GetInt64(0), cancellationToken);
            var elapsed = time.GetElapsedTime(started);
            return answer is [1]
                ? new MySqlProbeResult(
                    MySqlProbeStatus.Ok,
                    $"logged in to {endpoint.Host}:{endpoint.Port} as '{credentials.UserName}' ({session.Server.Flavor} {session.Server.VersionText})",
                    session.Server,
                    elapsed)
                : new MySqlProbeResult(MySqlProbeStatus.Other, "the probe query SELECT 1 did not return 1", session.Server, elapsed);
        }
        catch (MySqlTargetException e)
        {
            return new MySqlProbeResult(StatusOf(e.Failure), e.Message, null, time.GetElapsedTime(started));
        }
    }

    public async Task ChangeOwnPasswordAsync(
        MySqlEndpoint endpoint,
        MySqlCredentials current,
        string newPassword,
        MySqlPasswordRetention retention = MySqlPasswordRetention.Replace,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        await using var session = await OpenAsync(endpoint, current, cancellationToken);
        var server = session.Server;
        var retain = retention == MySqlPasswordRetention.RetainCurrent;
        if (retain && !server.SupportsDualPasswords)
        {
            throw new MySqlTargetException(
                MySqlFailure.NotSupported,
                $"{server.Flavor} {server.Version} has no dual passwords (RETAIN CURRENT PASSWORD needs MySQL 8.0.14 or later)");
        }

        var quote = session.Quote;
        string sql;
        if (server.PasswordsViaAlterUser)
        {
            // REPLACE proves the current password; MySQL demands it when password_require_current is on and accepts
            // it otherwise.
            var replace = server.SupportsReplaceClause ? $" REPLACE {quote.Literal(current.Password)}" : "";
            sql = $"ALTER USER CURRENT_USER() IDENTIFIED BY {quote.Literal(newPassword)}{replace}{(retain ? " RETAIN CURRENT PASSWORD" : "")}";
        }
        else
        {
            sql = $"SET PASSWORD = PASSWORD({quote.Literal(newPassword)})";
        }

        await session.ChangeAsync($"changing the password of '{current.UserName}'", [sql], [newPassword, current.Password], cancellationToken);
    }

    public async Task DiscardOwnOldPasswordAsync(MySqlEndpoint endpoint, MySqlCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        await using var session = await OpenAsync(endpoint, credentials, cancellationToken);
        if (!session.Server.SupportsDualPasswords)
        {
            throw new MySqlTargetException(
                MySqlFailure.NotSupported,
                $"{session.Server.Flavor} {session.Server.Version} has no dual passwords (DISCARD OLD PASSWORD needs MySQL 8.0.14 or later)");
        }

        await session.ChangeAsync(
            $"discarding the old password of '{credentials.UserName}'",
            ["ALTER USER CURRENT_USER() DISCARD OLD PASSWORD"],
            [credentials.Password],
            cancellationToken);
    }

    public async Task<IMySqlAdminSession> OpenAdminSessionAsync(MySqlEndpoint endpoint, MySqlCredentials admin, CancellationToken cancellationToken = default) =>
        new MySqlAdminSession(await OpenAsync(endpoint, admin, cancellationToken));

    private Task<MySqlSession> OpenAsync(MySqlEndpoint endpoint, MySqlCredentials credentials, CancellationToken cancellationToken) =>
        MySqlSession.OpenAsync(endpoint, credentials, sessionPreamble, cancellationToken);

    private static MySqlProbeStatus StatusOf(MySqlFailure failure) => failure switch
    {
        MySqlFailure.InvalidCredentials => MySqlProbeStatus.InvalidCredentials,
        MySqlFailure.Unreachable => MySqlProbeStatus.Unreachable,
        MySqlFailure.TlsFailure => MySqlProbeStatus.TlsFailure,
        _ => MySqlProbeStatus.Other,
    };
}
