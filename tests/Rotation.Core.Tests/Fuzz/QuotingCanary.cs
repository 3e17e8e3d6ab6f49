using Rotator.Rotation.MySql;
using Rotator.Rotation.Tests.MySql;

namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>
/// What a quoting mistake would hit first, for one fuzz run: a table holding one row (42) and a sentinel account with a
/// known password. Their names are short so that whole injections aimed at them fit into a MySQL user name.
/// </summary>
internal sealed class QuotingCanary : IAsyncDisposable
{
    public const string Database = "rfz";

    private readonly MySqlTestServer server;

    private QuotingCanary(MySqlTestServer server, string suffix)
    {
        this.server = server;
        Table = "c" + suffix;
        SentinelUser = "rfzs" + suffix;
    }

    public string Table { get; }

    /// <summary><c>rfz.c…</c>, as the injections name it.</summary>
    public string QualifiedTable => $"{Database}.{Table}";

    /// <summary>The sentinel's user name; its host is '%'.</summary>
    public string SentinelUser { get; }

    public string SentinelPassword { get; } = MySqlTestServer.NastyPassword();

    public static async Task<QuotingCanary> CreateAsync(MySqlTestServer server)
    {
        var canary = new QuotingCanary(server, Guid.NewGuid().ToString("N")[..6]);
        await server.ExecAsync(q =>
        [
            $"CREATE DATABASE IF NOT EXISTS {Database}",
            $"CREATE TABLE {canary.QualifiedTable} (v INT NOT NULL)",
            $"INSERT INTO {canary.QualifiedTable} VALUES (42)",
            $"CREATE USER {q.Account(canary.SentinelUser, "%")} IDENTIFIED BY {q.Literal(canary.SentinelPassword)}",
        ]);
        return canary;
    }

    public Task<bool> SentinelLogsInAsync() => server.CanLogInAsync(SentinelUser, SentinelPassword);

    public async ValueTask DisposeAsync()
    {
        await using var sql = await server.SqlAsync();
        await sql.ExecuteAsync("test cleanup", $"DROP TABLE IF EXISTS {QualifiedTable}", null, CancellationToken.None);
        await sql.ExecuteAsync("test cleanup", $"DROP USER IF EXISTS {sql.Quote.Account(SentinelUser, "%")}", null, CancellationToken.None);
    }
}
