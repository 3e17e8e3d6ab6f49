using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>Unique role and database names for one test; disposing drops the databases, then what the roles own, then the roles.</summary>
internal sealed class PostgreSqlTestRoles(PostgreSqlTestServer server) : IAsyncDisposable
{
    private readonly List<string> roles = [];
    private readonly List<string> databases = [];

    /// <summary>A fresh name: <paramref name="prefix"/> plus 8 random hex digits.</summary>
    public string Name(string prefix = "rt_") => Track(PostgreSqlTestServer.UniqueName(prefix));

    /// <summary>Registers a role name chosen by the test for cleanup.</summary>
    public string Track(string role)
    {
        roles.Add(role);
        return role;
    }

    /// <summary>Creates a database for this test, owned by the test bed's superuser.</summary>
    public async Task<string> DatabaseAsync(string prefix = "rtdb_")
    {
        var name = PostgreSqlTestServer.UniqueName(prefix);
        databases.Add(name);
        await server.ExecAsync($"CREATE DATABASE {PostgreSqlSyntax.Identifier(name)}");
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        await using var sql = await server.SqlAsync();
        foreach (var database in databases)
        {
            await sql.ExecuteAsync("test cleanup", $"DROP DATABASE IF EXISTS {PostgreSqlSyntax.Identifier(database)} WITH (FORCE)", null, CancellationToken.None);
        }

        var existing = new List<string>();
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
        {
            var found = await sql.QueryAsync("test cleanup", "SELECT rolname::text FROM pg_roles WHERE rolname = $1", [role], r => r.GetString(0), CancellationToken.None);
            existing.AddRange(found);
        }

        if (existing.Count == 0)
        {
            return;
        }

        var list = string.Join(", ", existing.Select(PostgreSqlSyntax.Identifier));
        await sql.ExecuteAsync("test cleanup", $"DROP OWNED BY {list}", null, CancellationToken.None);
        foreach (var role in existing)
        {
            await sql.ExecuteAsync("test cleanup", $"DROP ROLE IF EXISTS {PostgreSqlSyntax.Identifier(role)}", null, CancellationToken.None);
        }
    }
}
