using System.Collections.Concurrent;
using MySqlConnector;

namespace Rotator.Benchmarks;

/// <summary>
/// The database users a rotation benchmark rotates: created with the admin login, each with the grant a
/// consumer would have; the strategy makes the <c>_clone</c> twins. Dropped again (both of each pair) at the end.
/// </summary>
public sealed class MySqlBenchUsers(MySqlAdmin admin)
{
    private readonly ConcurrentDictionary<string, byte> created = new(StringComparer.Ordinal);

    /// <summary>Creates <paramref name="user"/> with <paramref name="password"/> (a generated value, never logged).</summary>
    public async Task CreateAsync(string user, string password, CancellationToken cancellationToken)
    {
        created[user] = 0;
        await ExecAsync(cancellationToken,
            $"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'",
            $"GRANT SELECT ON mysql.db TO '{user}'@'%'");
    }

    /// <summary>Drops every user made here and its clone. Best effort: returns how many statements failed.</summary>
    public async Task<int> DropAllAsync(int concurrency)
    {
        var failed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency };
        await Parallel.ForEachAsync(created.Keys.Chunk(50), parallel, async (users, token) =>
        {
            try
            {
                await ExecAsync(token, [.. users.Select(u => $"DROP USER IF EXISTS '{u}'@'%', '{u}_clone'@'%'")]);
            }
            catch (MySqlException)
            {
                Interlocked.Increment(ref failed);
            }
        });
        return failed;
    }

    private async Task ExecAsync(CancellationToken cancellationToken, params string[] statements)
    {
        await using var connection = new MySqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        foreach (var statement in statements)
        {
            await using var command = new MySqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private string ConnectionString()
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = admin.Host,
            Port = (uint)admin.Port,
            UserID = admin.User,
            Password = admin.Password,
            ConnectionTimeout = 10,
            SslMode = MySqlSslMode.None,
        };
        if (admin.CaFile is { } ca)
        {
            builder.SslMode = MySqlSslMode.VerifyCA;
            builder.SslCa = ca;
        }

        return builder.ConnectionString;
    }
}
