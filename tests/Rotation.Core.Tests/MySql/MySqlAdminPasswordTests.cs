using FluentAssertions;
using Rotator.Rotation.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>An administrator setting a user's password on every host, with and without dual passwords.</summary>
public sealed class MySqlAdminPasswordTests(TestbedFixture testbed)
{
    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Setting_a_password_changes_it_on_every_host(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword();

        await server.CreateUserAsync(user, old, "%", "127.0.0.1");
        await using (var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token))
        {
            await admin.SetPasswordAsync(user, @new, cancellationToken: MySqlTestServer.Token);
        }

        await ShouldHaveOnlyTheNewPasswordOnBothHostsAsync(server, user, old, @new);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_password_change_cancelled_while_the_server_runs_it_finishes_on_every_host(string flavor)
    {
        // MariaDB sets one host after the other; MySQL all in one statement. Either way, once the change is sent a
        // cancellation must neither kill it nor stop it between hosts: the user would be left with two passwords.
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, old, "%", "127.0.0.1");
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        var change = await GrantTableLock.CancelWhileBlockedAsync(server, user, ct => admin.SetPasswordAsync(user, @new, cancellationToken: ct));

        await change;
        await ShouldHaveOnlyTheNewPasswordOnBothHostsAsync(server, user, old, @new);
    }

    [Fact]
    public async Task A_password_change_cancelled_before_it_is_sent_changes_nothing()
    {
        var server = new MySqlTestServer(testbed, "mariadb");
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, old, "%");
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        var change = () => admin.SetPasswordAsync(user, MySqlTestServer.NastyPassword(), cancellationToken: new CancellationToken(canceled: true));

        await change.Should().ThrowAsync<OperationCanceledException>();
        (await server.CanLogInAsync(user, old)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Setting_the_password_of_a_missing_user_is_user_not_found(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        var password = MySqlTestServer.NastyPassword();
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        var set = () => admin.SetPasswordAsync(MySqlTestServer.UniqueName("rt_none_"), password, cancellationToken: MySqlTestServer.Token);

        var error = (await set.Should().ThrowAsync<MySqlTargetException>()).Which;
        error.Failure.Should().Be(MySqlFailure.UserNotFound);
        error.ToString().Should().NotContain(password);
    }

    [Fact]
    public async Task MySql_admin_retains_the_old_password_until_it_is_discarded()
    {
        var server = new MySqlTestServer(testbed, "mysql");
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, old, "%", "localhost");
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        await admin.SetPasswordAsync(user, @new, MySqlPasswordRetention.RetainCurrent, MySqlTestServer.Token);

        (await server.CanLogInAsync(user, old)).Should().BeTrue();
        (await server.CanLogInAsync(user, @new)).Should().BeTrue();

        await admin.DiscardOldPasswordAsync(user, MySqlTestServer.Token);

        (await server.CanLogInAsync(user, old)).Should().BeFalse();
        (await server.CanLogInAsync(user, @new)).Should().BeTrue();
    }

    [Fact]
    public async Task MariaDb_admin_reports_dual_passwords_as_not_supported()
    {
        var server = new MySqlTestServer(testbed, "mariadb");
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, old, "%");
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);
        admin.Server.SupportsDualPasswords.Should().BeFalse();

        var @new = MySqlTestServer.NastyPassword();
        var retain = () => admin.SetPasswordAsync(user, @new, MySqlPasswordRetention.RetainCurrent, MySqlTestServer.Token);
        var discard = () => admin.DiscardOldPasswordAsync(user, MySqlTestServer.Token);

        var error = (await retain.Should().ThrowAsync<MySqlTargetException>()).Which;
        error.Failure.Should().Be(MySqlFailure.NotSupported);
        error.ToString().Should().NotContain(@new);
        (await discard.Should().ThrowAsync<MySqlTargetException>()).Which.Failure.Should().Be(MySqlFailure.NotSupported);
        (await server.CanLogInAsync(user, old)).Should().BeTrue();
    }

    /// <summary>Logins from 127.0.0.1 match the 127.0.0.1 account first; dropping it afterwards shows what '%' got.</summary>
    private static async Task ShouldHaveOnlyTheNewPasswordOnBothHostsAsync(MySqlTestServer server, string user, string old, string @new)
    {
        (await server.CanLogInAsync(user, old)).Should().BeFalse();
        (await server.CanLogInAsync(user, @new)).Should().BeTrue();
        await server.ExecAsync(q => [$"DROP USER {q.Account(user, "127.0.0.1")}"]);
        (await server.CanLogInAsync(user, old)).Should().BeFalse("'%' has the new password too");
        (await server.CanLogInAsync(user, @new)).Should().BeTrue();
    }
}
