using MySqlConnector;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>Test accounts on the test bed's MariaDB, made with the server's admin login; dropped at the end.</summary>
internal sealed class MySqlUsers(MySqlServer server) : IAsyncDisposable
{
    private readonly List<string> created = [];

    public MySqlServer Server => server;

    private bool IsMySql => server.Flavor.Contains("mysql", StringComparison.OrdinalIgnoreCase);

    /// <param name="password">The user's first password.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="dualPassword">MySQL only: may keep its old password while changing its own (RETAIN CURRENT PASSWORD).</param>
    public async Task<string> CreateAsync(string password, CancellationToken ct, bool dualPassword = false)
    {
        var user = $"e2e_{Guid.NewGuid():N}"[..16];
        created.Add(user);
        created.Add(user + "_clone");
        await ExecAsync(ct, $"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'", $"GRANT SELECT ON mysql.db TO '{user}'@'%'");
        if (dualPassword)
        {
            await ExecAsync(ct, $"GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO '{user}'@'%'");
        }

        return user;
    }

    /// <summary>True when <paramref name="user"/> logs in with <paramref name="password"/>.</summary>
    public async Task<bool> CanLogInAsync(string user, string password, CancellationToken ct)
    {
        try
        {
            await using var connection = new MySqlConnection(Connection(user, password));
            await connection.OpenAsync(ct);
            return true;
        }
        catch (MySqlException)
        {
            return false;
        }
    }

    /// <summary>Changes <paramref name="user"/>'s password behind the operator's back, as a DBA might.</summary>
    public Task SetPasswordAsync(string user, string password, CancellationToken ct) =>
        ExecAsync(ct, $"ALTER USER '{user}'@'%' IDENTIFIED BY '{password}'");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExecAsync(CancellationToken.None, [.. created.Select(user => $"DROP USER IF EXISTS '{user}'@'%'")]);
        }
        catch (MySqlException)
        {
            // Best effort: a test that left its server stopped would otherwise have its own failure replaced by this
            // one; the accounts go with the test bed.
        }
    }

    private async Task ExecAsync(CancellationToken ct, params string[] statements)
    {
        await using var connection = new MySqlConnection(Connection(server.AdminUser, server.AdminPassword));
        await connection.OpenAsync(ct);
        foreach (var statement in statements)
        {
            await using var command = new MySqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private string Connection(string user, string password) => new MySqlConnectionStringBuilder
    {
        Server = server.Host,
        Port = (uint)server.Port,
        UserID = user,
        Password = password,
        // MySQL 9's caching_sha2_password needs TLS (or RSA key exchange) for a first login.
        SslMode = IsMySql ? MySqlSslMode.Required : MySqlSslMode.None,
        ConnectionTimeout = 5,
        Pooling = false,
    }.ConnectionString;
}
