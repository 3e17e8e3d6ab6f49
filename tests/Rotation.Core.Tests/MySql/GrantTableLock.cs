using System.Globalization;
using FluentAssertions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>
/// A read lock on the server's grant table (<c>mysql.global_priv</c> on MariaDB, <c>mysql.user</c> on MySQL): account
/// changes wait for it, while queries of the table and logins (which read the server's in-memory copy) go on. A test
/// takes it to cancel a change while the server is still running it. Every account change on the server waits too,
/// so hold it briefly.
/// </summary>
internal sealed class GrantTableLock : IAsyncDisposable
{
    // Only a guard against a hang: the wait ends as soon as the statement waits or the change ends without waiting, so
    // a slow machine (the change first talks to Secrets Manager) waits longer instead of failing.
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(2);

    private readonly MySqlTestServer server;
    private readonly MySqlSession holder;
    private bool released;

    private GrantTableLock(MySqlTestServer server, MySqlSession holder)
    {
        this.server = server;
        this.holder = holder;
    }

    /// <summary>
    /// Starts a change with a token of its own, waits until its statement for <paramref name="user"/> waits for the lock,
    /// cancels the token and checks that the change still runs half a second later (long enough for the driver to kill
    /// a statement it was given the token for); then releases the lock. Returns the change, to be awaited.
    /// </summary>
    public static async Task<TChange> CancelWhileBlockedAsync<TChange>(MySqlTestServer server, string user, Func<CancellationToken, TChange> start)
        where TChange : Task
    {
        ArgumentNullException.ThrowIfNull(start);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(MySqlTestServer.Token);
        await using var grantTables = await TakeAsync(server);
        var change = start(cancel.Token);
        await grantTables.WaitUntilBlockedAsync(user, change);

        await cancel.CancelAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500), MySqlTestServer.Token);

        change.IsCompleted.Should().BeFalse("a change once sent waits for the server, not for the token");
        return change;
    }

    private static async Task<GrantTableLock> TakeAsync(MySqlTestServer server)
    {
        var holder = await server.SqlAsync();
        var table = server.IsMySql ? "mysql.user" : "mysql.global_priv";
        await holder.ExecuteAsync("test lock", $"LOCK TABLES {table} READ", null, MySqlTestServer.Token);
        return new GrantTableLock(server, holder);
    }

    /// <summary>Returns once a statement run by <paramref name="user"/>, or naming it, waits for this lock.</summary>
    private async Task WaitUntilBlockedAsync(string user, Task change)
    {
        var deadline = DateTime.UtcNow + WaitLimit;
        await using var sql = await server.SqlAsync();
        var name = sql.Quote.Literal(user);

        // Only a count: the waiting statement's text may carry a password.
        var query = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE LIKE 'Waiting for%' "
            + $"AND (USER = {name} OR LOCATE({name}, INFO) > 0)";
        while (true)
        {
            var waiting = await sql.QueryAsync("test query", query, r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), MySqlTestServer.Token);
            if (waiting is [> 0])
            {
                return;
            }

            if (change.IsCompleted)
            {
                await change;
                throw new InvalidOperationException($"the change ended without waiting for the grant table lock on '{user}'");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no statement of or for '{user}' waited for the grant table lock within {WaitLimit.TotalSeconds:0} s");
            }

            await Task.Delay(50, MySqlTestServer.Token);
        }
    }

    private async Task ReleaseAsync()
    {
        if (!released)
        {
            released = true;
            await holder.ExecuteAsync("test unlock", "UNLOCK TABLES", null, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing the session would release it too; unlocking first says so.
        await ReleaseAsync();
        await holder.DisposeAsync();
    }
}
