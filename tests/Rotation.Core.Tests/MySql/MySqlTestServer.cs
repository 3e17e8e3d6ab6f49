using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>One test bed server (MariaDB or MySQL) as the adapter sees it, plus raw SQL for arranging and checking.</summary>
internal sealed class MySqlTestServer
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly MySqlServer server;

    public MySqlTestServer(TestbedFixture testbed, string flavor)
    {
        server = flavor == "mariadb" ? testbed.MariaDb : testbed.MySql;
        Flavor = flavor;
    }

    public string Flavor { get; }

    public bool IsMySql => Flavor == "mysql";

    public string CaFile => server.CaFile;

    public MySqlCredentials Admin => new(server.AdminUser, server.AdminPassword);

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A random password with the characters that break naive quoting: quote, backslash, ?, @, non-ASCII.</summary>
    public static string NastyPassword() => $"p'w\\{Guid.NewGuid():N}\"?@`ü名;--";

    public MySqlEndpoint Endpoint(DatabaseTlsMode tls = DatabaseTlsMode.VerifyCA) =>
        new(server.Host, server.Port, null, tls, tls == DatabaseTlsMode.VerifyCA ? server.CaFile : null) { ConnectTimeout = ConnectTimeout };

    /// <summary>An endpoint that carries the test bed's CA file whatever the mode, as the operator's <c>--mysql-ca-file</c> does.</summary>
    public MySqlEndpoint EndpointWithCa(DatabaseTlsMode tls) => Endpoint(tls) with { CaFile = server.CaFile };

    public static MySqlTarget Target(params string[] preamble) => new(TimeProvider.System, preamble);

    /// <summary>An admin session on the adapter's own setup (sql_mode, quoting), for arranging and inspecting.</summary>
    public Task<MySqlSession> SqlAsync() => MySqlSession.OpenAsync(Endpoint(), Admin, [], Token);

    public async Task ExecAsync(params string[] statements)
    {
        await using var sql = await SqlAsync();
        foreach (var statement in statements)
        {
            await sql.ExecuteAsync("test setup", statement, null, Token);
        }
    }

    /// <summary>Creates a user with a password on each host, quoting through the adapter's quoter.</summary>
    public async Task CreateUserAsync(string user, string password, params string[] hosts)
    {
        await using var sql = await SqlAsync();
        foreach (var host in hosts)
        {
            await sql.ExecuteAsync(
                "test setup",
                $"CREATE USER {sql.Quote.Account(user, host)} IDENTIFIED BY {sql.Quote.Literal(password)}",
                [password],
                Token);
        }
    }

    /// <summary>Runs statements built with the adapter's quoter.</summary>
    public async Task ExecAsync(Func<MySqlQuoter, IEnumerable<string>> statements)
    {
        await using var sql = await SqlAsync();
        foreach (var statement in statements(sql.Quote))
        {
            await sql.ExecuteAsync("test setup", statement, null, Token);
        }
    }

    public async Task<IReadOnlyList<string>> StringsAsync(string query)
    {
        await using var sql = await SqlAsync();
        return await sql.QueryStringsAsync("test query", query, Token);
    }

    public async Task<bool> CanLogInAsync(string user, string password, DatabaseTlsMode tls = DatabaseTlsMode.VerifyCA)
    {
        var result = await Target().ProbeAsync(Endpoint(tls), new MySqlCredentials(user, password), Token);
        return result.Status switch
        {
            MySqlProbeStatus.Ok => true,
            MySqlProbeStatus.InvalidCredentials => false,
            _ => throw new InvalidOperationException($"probe of '{user}' ended {result.Status}: {result.Message}"),
        };
    }

    /// <summary>Hosts of a user straight from mysql.user, for names the adapter would refuse.</summary>
    public async Task<IReadOnlyList<string>> RawHostsAsync(string user)
    {
        await using var sql = await SqlAsync();
        return (await sql.QueryStringsAsync(
            "test query",
            $"SELECT Host FROM mysql.user WHERE {sql.Quote.ColumnEquals("User", user)}",
            Token)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// SHOW GRANTS of an account with its own name replaced by <c>&lt;grantee&gt;</c>, MariaDB's password hash removed
    /// and column lists sorted, so two accounts compare line by line.
    /// </summary>
    public async Task<IReadOnlyList<string>> NormalisedGrantsAsync(string user, string host)
    {
        await using var sql = await SqlAsync();
        var lines = await sql.QueryStringsAsync("test query", $"SHOW GRANTS FOR {sql.Quote.Account(user, host)}", Token);
        var grantee = $"`{user.Replace("`", "``", StringComparison.Ordinal)}`@`{host.Replace("`", "``", StringComparison.Ordinal)}`";
        return lines
            .Select(l => l.Replace(grantee, "<grantee>", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @" IDENTIFIED BY PASSWORD '[^']*'", ""))

            // MariaDB prints a column list in an order of its own, not the grant's.
            .Select(l => System.Text.RegularExpressions.Regex.Replace(
                l, @"\(([^()]*)\)", m => $"({string.Join(", ", m.Groups[1].Value.Split(", ").Order(StringComparer.Ordinal))})"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>REQUIRE and resource limits of an account, one string.</summary>
    public async Task<string> AccountOptionsAsync(string user, string host)
    {
        await using var sql = await SqlAsync();
        var rows = await sql.QueryAsync(
            "test query",
            $"SELECT {MySqlAccountOptions.SelectList} FROM mysql.user WHERE {sql.Quote.ColumnEquals("User", user)} AND {sql.Quote.ColumnEquals("Host", host)}",
            MySqlAccountOptions.Read,
            Token);
        return rows.Single().ToString();
    }

    /// <summary>MySQL's default roles of an account (empty on MariaDB, where SHOW GRANTS prints them).</summary>
    public async Task<IReadOnlyList<string>> DefaultRolesAsync(string user, string host)
    {
        if (!IsMySql)
        {
            return [];
        }

        await using var sql = await SqlAsync();
        return (await sql.QueryAsync(
            "test query",
            "SELECT DEFAULT_ROLE_USER, DEFAULT_ROLE_HOST FROM mysql.default_roles "
            + $"WHERE {sql.Quote.ColumnEquals("USER", user)} AND {sql.Quote.ColumnEquals("HOST", host)}",
            r => $"{r.GetString(0)}@{r.GetString(1)}",
            Token)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Users and roles a test creates; disposing drops them on every host.</summary>
    public TestAccounts Accounts() => new(this);
}
