using System.Text.Json;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;
using Rotator.Testbed.Fuzz;

namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>
/// MySqlConnector runs every statement in a command text, so a quoting mistake would not stop at a syntax error. This
/// proves the quoting instead: on both servers, with sessions that start under NO_BACKSLASH_ESCAPES, ANSI_QUOTES, both
/// or neither (as a server's global sql_mode would impose), hostile user names, hosts and passwords
/// (<see cref="AccountNameFuzzer"/>) go through the adapter's clone, password and lookup paths, and an oracle that
/// never uses the adapter's quoting (<see cref="AccountOracle"/>) shows that exactly the intended accounts and grants
/// appeared, nothing else on the server changed (every account's credential, every table grant, the canary table),
/// and the clone logs in with exactly the password it was given. CI runs <see cref="FuzzRun.Seeds"/> with a few cases
/// each; <c>ROTATOR_FUZZ_ITERATIONS</c> runs more.
/// </summary>
[Collection(ServerWideCollection.Name)]
public sealed class MySqlQuotingFuzzTests(TestbedFixture testbed)
{
    private const int CiCases = 3;

    // A local login host besides the fuzzed one, so the clone's password can be proven by logging in.
    private const string LoginHost = "127.0.0.1";

    private static readonly string[] ModeSets = ["", "NO_BACKSLASH_ESCAPES", "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES,ANSI_QUOTES"];

    public static TheoryData<int, string, string> Runs()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var seed in FuzzRun.Seeds())
        {
            foreach (var flavor in new[] { "mariadb", "mysql" })
            {
                foreach (var modes in ModeSets)
                {
                    data.Add(seed, flavor, modes);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Hostile_names_hosts_and_passwords_make_exactly_their_accounts_and_run_nothing_else(int seed, string flavor, string modes)
    {
        var server = new MySqlTestServer(testbed, flavor);
        string[] preamble = modes.Length == 0 ? [] : [$"SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',{modes}')"];
        await using var canary = await QuotingCanary.CreateAsync(server);
        await using var oracle = await AccountOracle.OpenAsync(server);

        await FuzzRun.ForEachCaseAsync(seed, FuzzRun.Iterations(CiCases), random => CaseAsync(server, preamble, canary, oracle, random));

        if (!await canary.SentinelLogsInAsync())
        {
            throw new FuzzViolationException($"seed {seed}: the sentinel account no longer logs in with its password");
        }
    }

    private static async Task CaseAsync(MySqlTestServer server, string[] preamble, QuotingCanary canary, AccountOracle oracle, Random random)
    {
        var fuzz = new AccountNameFuzzer(random, canary.QualifiedTable, canary.SentinelUser);
        var limit = server.IsMySql ? 32 : 80;
        var original = fuzz.UserName(limit, server.IsMySql);
        var clone = fuzz.UserName(limit, server.IsMySql);
        clone = clone == original ? clone + "2" : clone;
        var host = fuzz.Host(60, mySql: server.IsMySql);
        var password = fuzz.Password();
        var newPassword = fuzz.Password();
        var what = $"original {Show(original)}, clone {Show(clone)}, host {Show(host)}";
        await using var accounts = server.Accounts();
        accounts.Track(original);
        accounts.Track(clone);
        try
        {
            var hosts = await ArrangeOriginalAsync(server, preamble, canary, oracle, original, host, password, what);
            var before = await oracle.SnapshotAsync();

            IReadOnlyList<string> seen;
            await using (var admin = await MySqlTestServer.Target(preamble).OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token))
            {
                await admin.CloneUserAsync(original, clone, password, MySqlTestServer.Token);
                await admin.SetPasswordAsync(clone, newPassword, cancellationToken: MySqlTestServer.Token);
                seen = await admin.GetHostsAsync(clone, MySqlTestServer.Token);
            }

            await CheckAsync(server, canary, oracle, clone, hosts, before, seen, password, newPassword, what);
        }
        catch (MySqlTargetException e)
        {
            var leaked = e.ToString().Contains(password, StringComparison.Ordinal) || e.ToString().Contains(newPassword, StringComparison.Ordinal);
            throw new FuzzViolationException(leaked
                ? $"{what}: the adapter failed ({e.Failure}) with a password in its message"
                : $"{what}: the adapter failed ({e.Failure}): {e.Message}");
        }
    }

    /// <summary>Creates the original on the fuzzed host and the login host, with a table grant on the canary; returns its hosts as stored.</summary>
    private static async Task<IReadOnlyList<string>> ArrangeOriginalAsync(
        MySqlTestServer server, string[] preamble, QuotingCanary canary, AccountOracle oracle, string original, string host, string password, string what)
    {
        await using (var sql = await MySqlSession.OpenAsync(server.Endpoint(), server.Admin, preamble, MySqlTestServer.Token))
        {
            foreach (var h in new[] { host, LoginHost })
            {
                var account = sql.Quote.Account(original, h);
                await sql.ExecuteAsync("fuzz setup", $"CREATE USER {account} IDENTIFIED BY {sql.Quote.Literal(password)}", [password], MySqlTestServer.Token);
                await sql.ExecuteAsync("fuzz setup", $"GRANT SELECT ON {canary.QualifiedTable} TO {account}", null, MySqlTestServer.Token);
            }
        }

        // The server may store the host otherwise (MySQL lowercases it and keeps ASCII only): the clone must get what it stored.
        var hosts = await oracle.HostsAsync(original);
        return hosts.Count == 2 && hosts.Contains(LoginHost)
            ? hosts
            : throw new FuzzViolationException($"{what}: the original was created as {hosts.Count} accounts ({string.Join(", ", hosts.Select(Show))}), not two");
    }

    private static async Task CheckAsync(
        MySqlTestServer server,
        QuotingCanary canary,
        AccountOracle oracle,
        string clone,
        IReadOnlyList<string> hosts,
        (HashSet<string> Accounts, HashSet<string> TableGrants) before,
        IReadOnlyList<string> seen,
        string password,
        string newPassword,
        string what)
    {
        var cloneHosts = await oracle.HostsAsync(clone);
        Require(cloneHosts.SequenceEqual(hosts, StringComparer.Ordinal), what, $"the clone has accounts on {string.Join(", ", cloneHosts.Select(Show))}");
        Require(seen.SequenceEqual(hosts, StringComparer.Ordinal), what, $"the adapter finds the clone on {string.Join(", ", seen.Select(Show))}");

        var after = await oracle.SnapshotAsync();
        Require(before.Accounts.IsSubsetOf(after.Accounts), what, "an account other than the clone was dropped or had its credential changed");
        var newAccounts = after.Accounts.Except(before.Accounts).ToList();
        Require(
            newAccounts.Count == hosts.Count && hosts.All(h => newAccounts.Any(a => a.StartsWith(AccountOracle.AccountRowPrefix(clone, h), StringComparison.Ordinal))),
            what,
            $"{newAccounts.Count} accounts appeared, not the clone's {hosts.Count}");
        var expectedGrants = hosts.Select(h => AccountOracle.TableGrantRow(clone, h, QuotingCanary.Database, canary.Table, "Select")).ToHashSet();
        Require(after.TableGrants.SetEquals(before.TableGrants.Union(expectedGrants)), what, "the table grants changed beyond the clone's SELECT on the canary");

        var rows = await oracle.CanaryAsync(QuotingCanary.Database, canary.Table);
        Require(rows == "1 42", what, $"the canary table was touched ({rows})");
        Require(await server.CanLogInAsync(clone, newPassword), what, "the clone does not log in with the password it was given");
        Require(!await server.CanLogInAsync(clone, password), what, "the clone still logs in with the password it was created with");
    }

    private static void Require(bool condition, string what, string violation)
    {
        if (!condition)
        {
            throw new FuzzViolationException($"{what}: {violation}");
        }
    }

    // Names and hosts are not secrets; JSON escapes show their control characters.
    private static string Show(string text) => JsonSerializer.Serialize(text);
}
