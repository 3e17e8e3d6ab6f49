using Npgsql;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// Test roles on the test bed's PostgreSQL, made with the server's admin login over verified TLS; disposing drops what
/// they own, then the roles (and their <c>_clone</c> twins).
/// </summary>
internal sealed class PostgreSqlUsers(PostgreSqlServer server) : IAsyncDisposable
{
    private readonly List<string> created = [];

    /// <summary>A new login role with <paramref name="password"/>, as an application's account would be.</summary>
    public async Task<string> CreateAsync(string password, CancellationToken ct)
    {
        var user = $"e2e_{Guid.NewGuid():N}"[..16];
        created.Add(user);
        created.Add(user + "_clone");
        // Arranging a test account, not a rotation: the plain password in this statement is the test's own.
        await ExecAsync(ct, $"CREATE ROLE {user} LOGIN PASSWORD '{password}'");
        return user;
    }

    /// <summary>True when <paramref name="user"/> logs in with <paramref name="password"/>.</summary>
    public async Task<bool> CanLogInAsync(string user, string password, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Connection(user, password));
            await connection.OpenAsync(ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return false;
        }
    }

    /// <summary>Whether the server's statement log holds <paramref name="value"/> anywhere.</summary>
    public async Task<bool> LogContainsAsync(string value, CancellationToken ct) =>
        (await File.ReadAllTextAsync(server.LogFile, ct)).Contains(value, StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(Connection(server.AdminUser, server.AdminPassword));
            await connection.OpenAsync();
            foreach (var role in created)
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", connection) { Parameters = { new() { Value = role } } };
                if (await exists.ExecuteScalarAsync() is null)
                {
                    continue;
                }

                await using var drop = new NpgsqlCommand($"DROP OWNED BY {role}; DROP ROLE {role}", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // Best effort: the roles go with the test bed; a cleanup failure must not replace the test's own.
        }
    }

    private async Task ExecAsync(CancellationToken ct, params string[] statements)
    {
        await using var connection = new NpgsqlConnection(Connection(server.AdminUser, server.AdminPassword));
        await connection.OpenAsync(ct);
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private string Connection(string user, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = server.Host,
        Port = server.Port,
        Username = user,
        Password = password,
        Database = "postgres",
        SslMode = SslMode.VerifyFull,
        RootCertificate = server.CaFile,
        Timeout = 5,
        Pooling = false,
    }.ConnectionString;
}
