using System.Globalization;
using MySqlConnector;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Tests.MySql;

namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>
/// Reads what a server holds without the adapter's quoting: every value travels as a driver parameter on a plain admin
/// connection, so a mistake in <see cref="MySqlQuoter"/> cannot hide itself here.
/// </summary>
internal sealed class AccountOracle(MySqlConnection connection) : IAsyncDisposable
{
    public static async Task<AccountOracle> OpenAsync(MySqlTestServer server)
    {
        var connection = new MySqlConnection(MySqlConnectionStrings.Build(server.Endpoint(), server.Admin));
        await connection.OpenAsync(MySqlTestServer.Token);
        return new AccountOracle(connection);
    }

    /// <summary>The hosts of exactly this user name, byte for byte, sorted.</summary>
    public async Task<IReadOnlyList<string>> HostsAsync(string user)
    {
        var hosts = await QueryAsync("SELECT Host FROM mysql.user WHERE CAST(User AS BINARY) = CAST(@user AS BINARY)", ("@user", user));
        return hosts.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Every account (user, host and a digest of its credential) and every table grant on the server, as rows that
    /// compare by value: any account or grant created, dropped or changed shows as a difference.
    /// </summary>
    public async Task<(HashSet<string> Accounts, HashSet<string> TableGrants)> SnapshotAsync()
    {
        var accounts = await QueryAsync(
            "SELECT CONCAT(HEX(User), ' ', HEX(Host), ' ', SHA2(COALESCE(authentication_string, ''), 256)) FROM mysql.user");
        var grants = await QueryAsync(
            "SELECT CONCAT(HEX(User), ' ', HEX(Host), ' ', HEX(Db), ' ', HEX(Table_name), ' ', Table_priv) FROM mysql.tables_priv");
        return ([.. accounts], [.. grants]);
    }

    /// <summary>The snapshot row of a table grant, to name what a change is expected to add.</summary>
    public static string TableGrantRow(string user, string host, string database, string table, string privileges) =>
        $"{Hex(user)} {Hex(host)} {Hex(database)} {Hex(table)} {privileges}";

    /// <summary>The start of an account's snapshot row (its credential digest follows).</summary>
    public static string AccountRowPrefix(string user, string host) => $"{Hex(user)} {Hex(host)} ";

    /// <summary>How many rows the canary table has and their sum: "1 42" while untouched.</summary>
    public async Task<string> CanaryAsync(string database, string table)
    {
        var exists = await QueryAsync(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = @db AND TABLE_NAME = @table", ("@db", database), ("@table", table));
        return exists is ["1"]
            ? (await QueryAsync($"SELECT CONCAT(COUNT(*), ' ', COALESCE(SUM(v), 0)) FROM `{database}`.`{table}`")).Single()
            : "dropped";
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static string Hex(string text) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text));

    private async Task<List<string>> QueryAsync(string sql, params (string Name, string Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync(MySqlTestServer.Token);
        var rows = new List<string>();
        while (await reader.ReadAsync(MySqlTestServer.Token))
        {
            rows.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture) ?? "");
        }

        return rows;
    }
}
