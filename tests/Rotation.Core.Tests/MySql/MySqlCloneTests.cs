using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>Cloning a user with everything it holds, and keeping the clone in line as the original changes.</summary>
public sealed class MySqlCloneTests(TestbedFixture testbed)
{
    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_clone_gets_every_host_grant_role_and_requirement(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var original = await CreateRichUserAsync(server, accounts);
        var clone = accounts.User("rt_clone_");
        var password = MySqlTestServer.NastyPassword();
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        var report = await admin.CloneUserAsync(original, clone, password, MySqlTestServer.Token);

        report.CreatedHosts.Should().Equal("%", "localhost");
        (await admin.GetHostsAsync(clone, MySqlTestServer.Token)).Should().Equal("%", "localhost");
        await ShouldMatchAsync(server, original, clone, "%", "localhost");
        var grants = await server.NormalisedGrantsAsync(clone, "%");
        grants.Should().Contain(l => l.Contains("WITH GRANT OPTION", StringComparison.Ordinal));
        grants.Should().Contain(l => l.Contains("`rr_", StringComparison.Ordinal));
        if (server.IsMySql)
        {
            grants.Should().Contain("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO <grantee>");
            (await server.DefaultRolesAsync(clone, "%")).Should().ContainSingle();
        }
        else
        {
            grants.Should().Contain(l => l.StartsWith("SET DEFAULT ROLE `rr_", StringComparison.Ordinal));
        }

        (await server.AccountOptionsAsync(clone, "%")).Should().Contain("SslType = ANY").And.Contain("MaxUserConnections = 7");

        // The clone works with its own password, and REQUIRE SSL holds it to TLS.
        (await server.CanLogInAsync(clone, password)).Should().BeTrue();
        (await server.CanLogInAsync(clone, password, DatabaseTlsMode.Disabled)).Should().BeFalse();

        var again = await admin.CloneUserAsync(original, clone, MySqlTestServer.NastyPassword(), MySqlTestServer.Token);
        again.Changed.Should().BeFalse(string.Join("; ", again.Granted.Concat(again.Revoked)));
        (await server.CanLogInAsync(clone, password)).Should().BeTrue("an existing clone account keeps its password");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Sync_revokes_what_the_original_lost_and_adds_what_it_gained(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var original = await CreateRichUserAsync(server, accounts);
        var clone = accounts.User("rt_clone_");
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);
        await admin.CloneUserAsync(original, clone, MySqlTestServer.NastyPassword(), MySqlTestServer.Token);
        var role = (await server.NormalisedGrantsAsync(original, "%")).Single(l => l.StartsWith("GRANT `rr_", StringComparison.Ordinal)).Split(' ')[1];

        await server.ExecAsync(q =>
        {
            var o = q.Account(original, "%");
            var statements = new List<string>
            {
                $"REVOKE INSERT ON `rt_db`.* FROM {o}",
                $"REVOKE GRANT OPTION ON `rt_db`.* FROM {o}",
                $"REVOKE {role} FROM {o}",
                $"GRANT UPDATE ON `rt_db2`.* TO {o}",
                $"ALTER USER {o} REQUIRE X509 WITH MAX_USER_CONNECTIONS 3",
                $"GRANT DELETE ON `rt_db3`.* TO {q.Account(clone, "localhost")}",
            };
            if (server.IsMySql)
            {
                statements.Add($"REVOKE SYSTEM_VARIABLES_ADMIN ON *.* FROM {o}");
                statements.Add($"REVOKE BACKUP_ADMIN ON *.* FROM {o}");
                statements.Add($"GRANT BACKUP_ADMIN ON *.* TO {o}");
            }

            return statements;
        });

        var report = await admin.SyncCloneAsync(original, clone, MySqlTestServer.Token);

        await ShouldMatchAsync(server, original, clone, "%", "localhost");
        report.Revoked.Should().Contain(r => r.StartsWith("%: INSERT ON `rt_db`.*", StringComparison.Ordinal));
        report.Revoked.Should().Contain(r => r.StartsWith("localhost: DELETE ON `rt_db3`.*", StringComparison.Ordinal));
        report.Revoked.Should().Contain(r => r.Contains(role, StringComparison.Ordinal));
        report.Granted.Should().Contain(g => g.StartsWith("%: UPDATE ON `rt_db2`.*", StringComparison.Ordinal));
        (await server.AccountOptionsAsync(clone, "%")).Should().Contain("SslType = X509").And.Contain("MaxUserConnections = 3");
        if (server.IsMySql)
        {
            (await server.NormalisedGrantsAsync(clone, "%")).Should().Contain("GRANT BACKUP_ADMIN ON *.* TO <grantee>").And.NotContain(l => l.Contains("SYSTEM_VARIABLES_ADMIN", StringComparison.Ordinal));
        }

        (await admin.SyncCloneAsync(original, clone, MySqlTestServer.Token)).Changed.Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Sync_narrows_a_broader_grant_and_strips_hosts_the_original_lacks(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var original = accounts.User();
        var clone = accounts.User("rt_clone_");
        await server.CreateUserAsync(original, MySqlTestServer.NastyPassword(), "%");
        await server.ExecAsync(q => [$"GRANT SELECT ON `rt_db`.* TO {q.Account(original, "%")}"]);
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);
        await admin.CloneUserAsync(original, clone, MySqlTestServer.NastyPassword(), MySqlTestServer.Token);
        await server.CreateUserAsync(clone, MySqlTestServer.NastyPassword(), "10.0.0.%");
        await server.ExecAsync(q =>
        [
            $"GRANT ALL PRIVILEGES ON `rt_db`.* TO {q.Account(clone, "%")} WITH GRANT OPTION",
            $"GRANT SELECT, UPDATE ON `rt_db`.* TO {q.Account(clone, "10.0.0.%")}",
        ]);

        var report = await admin.SyncCloneAsync(original, clone, MySqlTestServer.Token);

        await ShouldMatchAsync(server, original, clone, "%");
        report.OrphanHosts.Should().Equal("10.0.0.%");
        (await server.NormalisedGrantsAsync(clone, "10.0.0.%")).Should().Equal("GRANT USAGE ON *.* TO <grantee>");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Sync_refuses_a_clone_missing_a_host_and_clone_refuses_a_missing_original(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var original = accounts.User();
        var clone = accounts.User("rt_clone_");
        await server.CreateUserAsync(original, MySqlTestServer.NastyPassword(), "%", "localhost");
        await server.CreateUserAsync(clone, MySqlTestServer.NastyPassword(), "%");
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        var sync = () => admin.SyncCloneAsync(original, clone, MySqlTestServer.Token);
        var password = MySqlTestServer.NastyPassword();
        var cloneMissing = () => admin.CloneUserAsync(MySqlTestServer.UniqueName("rt_none_"), clone, password, MySqlTestServer.Token);

        var error = (await sync.Should().ThrowAsync<MySqlTargetException>()).Which;
        error.Failure.Should().Be(MySqlFailure.UserNotFound);
        error.Message.Should().Contain("'localhost'");
        var missing = (await cloneMissing.Should().ThrowAsync<MySqlTargetException>()).Which;
        missing.Failure.Should().Be(MySqlFailure.UserNotFound);
        missing.ToString().Should().NotContain(password);
    }

    /// <summary>
    /// A user on '%' (REQUIRE SSL, MAX_USER_CONNECTIONS 7) and 'localhost': privileges with and without grant option, a
    /// column privilege, a global privilege, a role that is also the default role, and on MySQL dynamic privileges.
    /// </summary>
    internal static async Task<string> CreateRichUserAsync(MySqlTestServer server, TestAccounts accounts, string? name = null)
    {
        var user = name is null ? accounts.User() : accounts.Track(name);
        var role = accounts.Role();
        await server.ExecAsync(q =>
        {
            var any = q.Account(user, "%");
            var local = q.Account(user, "localhost");
            var statements = new List<string>
            {
                $"CREATE ROLE `{role}`",
                $"GRANT SELECT ON `rt_role_db`.* TO `{role}`",
                $"CREATE USER {any} IDENTIFIED BY 'x' REQUIRE SSL WITH MAX_USER_CONNECTIONS 7",
                $"CREATE USER {local} IDENTIFIED BY 'x'",
                $"GRANT SELECT, INSERT ON `rt_db`.* TO {any} WITH GRANT OPTION",
                $"GRANT SELECT (`User`, `Host`) ON `mysql`.`db` TO {any}",
                $"GRANT PROCESS ON *.* TO {local}",
                $"GRANT `{role}` TO {any}",
                server.IsMySql ? $"SET DEFAULT ROLE `{role}` TO {any}" : $"SET DEFAULT ROLE `{role}` FOR {any}",
            };
            if (server.IsMySql)
            {
                statements.Add($"GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO {any}");
                statements.Add($"GRANT BACKUP_ADMIN ON *.* TO {any} WITH GRANT OPTION");
            }

            return statements;
        });
        return user;
    }

    internal static async Task ShouldMatchAsync(MySqlTestServer server, string original, string clone, params string[] hosts)
    {
        foreach (var host in hosts)
        {
            (await server.NormalisedGrantsAsync(clone, host)).Should().Equal(await server.NormalisedGrantsAsync(original, host), $"grants on '{host}'");
            (await server.AccountOptionsAsync(clone, host)).Should().Be(await server.AccountOptionsAsync(original, host), $"REQUIRE and limits on '{host}'");
            (await server.DefaultRolesAsync(clone, host)).Should().Equal(await server.DefaultRolesAsync(original, host), $"default roles on '{host}'");
        }
    }
}
