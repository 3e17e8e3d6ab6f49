namespace Rotator.Rotation.PostgreSql;

/// <summary><see cref="IPostgreSqlTarget"/> over Npgsql. Each call opens its own connection on its own data source.</summary>
public sealed class PostgreSqlTarget : IPostgreSqlTarget
{
    public async Task<PostgreSqlProbe> ProbeAsync(PostgreSqlEndpoint endpoint, PostgreSqlCredentials credentials, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var session = await PostgreSqlSession.OpenAsync(endpoint, credentials, cancellationToken);
            var answer = await session.ScalarAsync("running the probe query", "SELECT 1", [], r => r.GetInt32(0), cancellationToken);
            return answer == 1
                ? PostgreSqlProbe.Ok(session.Server)
                : PostgreSqlProbe.Failed(new PostgreSqlTargetException(PostgreSqlFailure.Other, "the probe query SELECT 1 did not return 1"));
        }
        catch (PostgreSqlTargetException e)
        {
            return PostgreSqlProbe.Failed(e);
        }
    }

    public async Task<PostgreSqlPasswordEncoding> ChangeOwnPasswordAsync(
        PostgreSqlEndpoint endpoint, PostgreSqlCredentials current, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        await using var session = await PostgreSqlSession.OpenAsync(endpoint, current, cancellationToken);

        // A role whose settings make its sessions act as another role (a clone: SET role) may change only its own
        // password, and "its own" is the role the session acts as; so act as the login role again first.
        await session.ExecuteAsync("acting as the login role (SET ROLE NONE)", "SET ROLE NONE", null, cancellationToken);
        return await session.SetPasswordAsync(current.UserName, newPassword, cancellationToken);
    }

    public async Task<IPostgreSqlAdminSession> OpenAdminSessionAsync(PostgreSqlEndpoint endpoint, PostgreSqlCredentials admin, CancellationToken cancellationToken = default) =>
        new PostgreSqlAdminSession(await PostgreSqlSession.OpenAsync(endpoint, admin, cancellationToken));
}
