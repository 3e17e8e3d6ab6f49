using FluentAssertions;
using Rotator.Rotation.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>A user changing its own password, with and without dual passwords.</summary>
public sealed class MySqlOwnPasswordTests(TestbedFixture testbed)
{
    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Changing_the_own_password_refuses_the_old_and_accepts_the_new(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword() + "\\";
        await server.CreateUserAsync(user, old, "%");

        await MySqlTestServer.Target().ChangeOwnPasswordAsync(server.Endpoint(), new MySqlCredentials(user, old), @new, cancellationToken: MySqlTestServer.Token);

        (await server.CanLogInAsync(user, old)).Should().BeFalse();
        (await server.CanLogInAsync(user, @new)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_wrong_current_password_is_invalid_credentials(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var real = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, real, "%");
        var wrong = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword();

        var change = () => MySqlTestServer.Target().ChangeOwnPasswordAsync(server.Endpoint(), new MySqlCredentials(user, wrong), @new, cancellationToken: MySqlTestServer.Token);

        var error = (await change.Should().ThrowAsync<MySqlTargetException>()).Which;
        error.Failure.Should().Be(MySqlFailure.InvalidCredentials);
        error.ServerError.Should().Be(1045);
        error.ToString().Should().NotContain(wrong).And.NotContain(@new).And.NotContain(real);
        (await server.CanLogInAsync(user, real)).Should().BeTrue();
    }

    [Fact]
    public async Task MySql_retains_the_old_password_until_it_is_discarded()
    {
        var server = new MySqlTestServer(testbed, "mysql");
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, old, "%");

        // Retaining or discarding one's own secondary password is a privilege of its own.
        await server.ExecAsync(q => [$"GRANT APPLICATION_PASSWORD_ADMIN ON *.* TO {q.Account(user, "%")}"]);
        var target = MySqlTestServer.Target();

        await target.ChangeOwnPasswordAsync(server.Endpoint(), new MySqlCredentials(user, old), @new, MySqlPasswordRetention.RetainCurrent, MySqlTestServer.Token);

        (await server.CanLogInAsync(user, old)).Should().BeTrue();
        (await server.CanLogInAsync(user, @new)).Should().BeTrue();

        await target.DiscardOwnOldPasswordAsync(server.Endpoint(), new MySqlCredentials(user, @new), MySqlTestServer.Token);

        (await server.CanLogInAsync(user, old)).Should().BeFalse();
        (await server.CanLogInAsync(user, @new)).Should().BeTrue();
    }

    [Fact]
    public async Task MySql_retaining_without_the_privilege_is_access_denied_and_changes_nothing()
    {
        var server = new MySqlTestServer(testbed, "mysql");
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, old, "%");

        var change = () => MySqlTestServer.Target().ChangeOwnPasswordAsync(
            server.Endpoint(), new MySqlCredentials(user, old), @new, MySqlPasswordRetention.RetainCurrent, MySqlTestServer.Token);

        var error = (await change.Should().ThrowAsync<MySqlTargetException>()).Which;
        error.Failure.Should().Be(MySqlFailure.AccessDenied);
        error.Message.Should().Contain("APPLICATION_PASSWORD_ADMIN");
        error.ToString().Should().NotContain(old).And.NotContain(@new);
        (await server.CanLogInAsync(user, old)).Should().BeTrue();
        (await server.CanLogInAsync(user, @new)).Should().BeFalse();
    }

    [Fact]
    public async Task MariaDb_reports_dual_passwords_as_not_supported_and_changes_nothing()
    {
        var server = new MySqlTestServer(testbed, "mariadb");
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var old = MySqlTestServer.NastyPassword();
        var @new = MySqlTestServer.NastyPassword();
        await server.CreateUserAsync(user, old, "%");
        var target = MySqlTestServer.Target();

        var retain = () => target.ChangeOwnPasswordAsync(server.Endpoint(), new MySqlCredentials(user, old), @new, MySqlPasswordRetention.RetainCurrent, MySqlTestServer.Token);
        var discard = () => target.DiscardOwnOldPasswordAsync(server.Endpoint(), new MySqlCredentials(user, old), MySqlTestServer.Token);

        var retainError = (await retain.Should().ThrowAsync<MySqlTargetException>()).Which;
        retainError.Failure.Should().Be(MySqlFailure.NotSupported);
        retainError.ToString().Should().NotContain(old).And.NotContain(@new);
        var discardError = (await discard.Should().ThrowAsync<MySqlTargetException>()).Which;
        discardError.Failure.Should().Be(MySqlFailure.NotSupported);
        discardError.ToString().Should().NotContain(old);
        (await server.CanLogInAsync(user, old)).Should().BeTrue();
    }
}
