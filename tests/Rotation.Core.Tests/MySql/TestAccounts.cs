namespace Rotator.Rotation.Tests.MySql;

/// <summary>Unique user and role names for one test, dropped (every host) when disposed.</summary>
internal sealed class TestAccounts(MySqlTestServer server) : IAsyncDisposable
{
    private readonly List<string> users = [];
    private readonly List<string> roles = [];

    /// <summary>A fresh user name: <paramref name="prefix"/> plus 8 random hex digits (plus <paramref name="suffix"/>).</summary>
    public string User(string prefix = "rt_", string suffix = "") => Track(MySqlTestServer.UniqueName(prefix) + suffix);

    /// <summary>Registers a name chosen by the test for cleanup.</summary>
    public string Track(string user)
    {
        users.Add(user);
        return user;
    }

    public string Role(string prefix = "rr_")
    {
        var role = MySqlTestServer.UniqueName(prefix);
        roles.Add(role);
        return role;
    }

    public async ValueTask DisposeAsync()
    {
        await using var sql = await server.SqlAsync();
        foreach (var user in users)
        {
            foreach (var host in await server.RawHostsAsync(user))
            {
                await sql.ExecuteAsync("test cleanup", $"DROP USER IF EXISTS {sql.Quote.Account(user, host)}", null, CancellationToken.None);
            }
        }

        foreach (var role in roles)
        {
            await sql.ExecuteAsync("test cleanup", $"DROP ROLE IF EXISTS {sql.Quote.Literal(role)}", null, CancellationToken.None);
        }
    }
}
