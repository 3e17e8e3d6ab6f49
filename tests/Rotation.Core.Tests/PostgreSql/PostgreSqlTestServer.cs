using Rotator.Rotation.Abstractions;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>The test bed's PostgreSQL as the adapter sees it, plus superuser SQL for arranging and checking.</summary>
internal sealed class PostgreSqlTestServer(PostgreSqlServer server)
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public PostgreSqlTestServer(TestbedFixture testbed)
        : this(testbed.PostgreSql)
    {
    }

    public string CaFile => server.CaFile;

    public string LogFile => server.LogFile;

    public string Host => server.Host;

    public int Port => server.Port;

    /// <summary>Members of this role may log in with md5 authentication.</summary>
    public string Md5Group => server.Md5Group;

    /// <summary>A superuser.</summary>
    public PostgreSqlCredentials Superuser => new(server.AdminUser, server.AdminPassword);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    public static PostgreSqlTarget Target() => new();

    public PostgreSqlEndpoint Endpoint(DatabaseTlsMode tls = DatabaseTlsMode.VerifyFull, string database = PostgreSqlEndpoint.DefaultDatabase) =>
        new(server.Host, server.Port, database, tls, tls is DatabaseTlsMode.VerifyCA or DatabaseTlsMode.VerifyFull ? server.CaFile : null)
        {
            ConnectTimeout = ConnectTimeout,
        };

    /// <summary>A superuser session on the adapter's own connection setup, for arranging and inspecting.</summary>
    public Task<PostgreSqlSession> SqlAsync(string database = PostgreSqlEndpoint.DefaultDatabase) =>
        PostgreSqlSession.OpenAsync(Endpoint(database: database), Superuser, Token);

    public Task ExecAsync(params string[] statements) => ExecInAsync(PostgreSqlEndpoint.DefaultDatabase, statements);

    public async Task ExecInAsync(string database, params string[] statements)
    {
        await using var sql = await SqlAsync(database);
        foreach (var statement in statements)
        {
            await sql.ExecuteAsync("test setup", statement, null, Token);
        }
    }

    /// <summary>One text column of a query with positional parameters; NULL reads as null.</summary>
    public async Task<IReadOnlyList<string?>> StringsAsync(string query, params object[] parameters)
    {
        await using var sql = await SqlAsync();
        return await sql.QueryAsync("test query", query, parameters, r => r.IsDBNull(0) ? null : r.GetString(0), Token);
    }

    /// <summary>
    /// Creates a role whose password is set as a SCRAM verifier, so arranging a test puts no password in the server log
    /// (the statement-log test searches it for every password a scenario made).
    /// </summary>
    public async Task CreateRoleAsync(string role, string password, string attributes = "LOGIN")
    {
        var verifier = PostgreSqlPasswordVerifier.Scram(password);
        await ExecAsync($"CREATE ROLE {PostgreSqlSyntax.Identifier(role)} WITH {attributes} PASSWORD {PostgreSqlSyntax.Literal(verifier)}");
    }

    public async Task<bool> CanLogInAsync(string user, string password, DatabaseTlsMode tls = DatabaseTlsMode.VerifyFull, string database = PostgreSqlEndpoint.DefaultDatabase)
    {
        var probe = await Target().ProbeAsync(Endpoint(tls, database), new PostgreSqlCredentials(user, password), Token);
        return probe.IsOk || (probe.Error!.Failure == PostgreSqlFailure.InvalidCredentials
            ? false
            : throw new InvalidOperationException($"login of '{user}' failed: {probe.Error.Failure}: {probe.Error.Message}"));
    }

    /// <summary>The stored password form of a role (<c>SCRAM-SHA-256$...</c> or <c>md5...</c>), read as the superuser.</summary>
    public async Task<string?> StoredPasswordAsync(string role) =>
        (await StringsAsync("SELECT rolpassword FROM pg_authid WHERE rolname = $1", role)).SingleOrDefault();

    /// <summary>The server log as it is now.</summary>
    public async Task<string> LogAsync()
    {
        await using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(Token);
    }

    /// <summary>Roles and databases a test creates; disposing drops them.</summary>
    public PostgreSqlTestRoles Roles() => new(this);
}
