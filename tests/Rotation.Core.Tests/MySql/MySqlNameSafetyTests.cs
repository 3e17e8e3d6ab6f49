using FluentAssertions;
using Rotator.Rotation.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>
/// User names with quotes, backticks, backslashes and SQL in them are only ever names, whatever the session's
/// sql_mode; and names the server would refuse or mangle are refused before anything is sent.
/// </summary>
public sealed class MySqlNameSafetyTests(TestbedFixture testbed)
{
    // What a server's global sql_mode can impose on every new session.
    private const string HostileModes = "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES,ANSI_QUOTES')";

    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    public static TheoryData<string, bool> ServersAndModes => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    [Theory]
    [MemberData(nameof(ServersAndModes))]
    public async Task Names_with_quotes_backticks_and_backslashes_are_created_and_cloned_exactly(string flavor, bool noBackslashEscapes)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var hex = MySqlTestServer.UniqueName("");
        var original = await MySqlCloneTests.CreateRichUserAsync(server, accounts, $"o'ne\\{hex}\\");
        var clone = accounts.Track($"b`t\"{hex}\\'");
        var password = MySqlTestServer.NastyPassword() + "\\";
        var target = noBackslashEscapes ? MySqlTestServer.Target(HostileModes) : MySqlTestServer.Target();
        await using var admin = await target.OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        var report = await admin.CloneUserAsync(original, clone, password, MySqlTestServer.Token);

        report.CreatedHosts.Should().Equal("%", "localhost");
        (await server.RawHostsAsync(clone)).Should().Equal("%", "localhost");
        (await admin.UserExistsAsync(original, MySqlTestServer.Token)).Should().BeTrue();
        await MySqlCloneTests.ShouldMatchAsync(server, original, clone, "%", "localhost");
        (await server.CanLogInAsync(clone, password)).Should().BeTrue();

        var @new = MySqlTestServer.NastyPassword();
        await admin.SetPasswordAsync(clone, @new, cancellationToken: MySqlTestServer.Token);
        (await server.CanLogInAsync(clone, @new)).Should().BeTrue();
        await target.ChangeOwnPasswordAsync(server.Endpoint(), new MySqlCredentials(clone, @new), password, cancellationToken: MySqlTestServer.Token);
        (await server.CanLogInAsync(clone, password)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(ServersAndModes))]
    public async Task A_name_crafted_to_inject_sql_is_just_a_name(string flavor, bool noBackslashEscapes)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var original = accounts.User();
        await server.CreateUserAsync(original, MySqlTestServer.NastyPassword(), "%");
        var crafted = accounts.Track($"x'@'%'; DROP USER root; -- {MySqlTestServer.UniqueName("")[..4]}");
        var craftedBackslash = accounts.Track($"y\\'@'%'; DROP USER root; #{MySqlTestServer.UniqueName("")[..4]}");
        var target = noBackslashEscapes ? MySqlTestServer.Target(HostileModes) : MySqlTestServer.Target();
        await using var admin = await target.OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        await admin.CloneUserAsync(original, crafted, MySqlTestServer.NastyPassword(), MySqlTestServer.Token);
        await admin.CloneUserAsync(original, craftedBackslash, MySqlTestServer.NastyPassword(), MySqlTestServer.Token);
        await admin.SetPasswordAsync(crafted, MySqlTestServer.NastyPassword(), cancellationToken: MySqlTestServer.Token);

        (await server.RawHostsAsync(crafted)).Should().Equal("%");
        (await server.RawHostsAsync(craftedBackslash)).Should().Equal("%");
        (await server.RawHostsAsync("root")).Should().Contain("%");
        (await server.CanLogInAsync(server.Admin.UserName, server.Admin.Password)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_name_one_character_too_long_is_refused_before_the_server_sees_it(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var original = accounts.User();
        await server.CreateUserAsync(original, MySqlTestServer.NastyPassword(), "%");
        var password = MySqlTestServer.NastyPassword();
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);
        var max = admin.Server.MaxUserNameLength;
        var longest = accounts.Track(Fill(MySqlTestServer.UniqueName("rt_名"), max));
        var tooLong = accounts.Track(Fill(MySqlTestServer.UniqueName("rt_名"), max + 1));

        var clone = () => admin.CloneUserAsync(original, tooLong, password, MySqlTestServer.Token);
        var set = () => admin.SetPasswordAsync(tooLong, password, cancellationToken: MySqlTestServer.Token);

        var error = (await clone.Should().ThrowAsync<MySqlTargetException>()).Which;
        error.Failure.Should().Be(MySqlFailure.InvalidUserName);
        error.ServerError.Should().BeNull("the adapter refuses it itself (the server would say 1470)");
        error.Message.Should().Contain($"at most {max}").And.NotContain(password);
        (await set.Should().ThrowAsync<MySqlTargetException>()).Which.Failure.Should().Be(MySqlFailure.InvalidUserName);
        (await server.RawHostsAsync(tooLong)).Should().BeEmpty();

        // The limit is the server's real one: a name of exactly that many characters (multi-byte ones too) works.
        await admin.CloneUserAsync(original, longest, password, MySqlTestServer.Token);
        (await server.RawHostsAsync(longest)).Should().Equal("%");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_name_the_grant_tables_cannot_store_is_refused(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        // Both servers would store the emoji as '?' and create a different user.
        var exists = () => admin.UserExistsAsync("rt_\U0001F600", MySqlTestServer.Token);

        (await exists.Should().ThrowAsync<MySqlTargetException>()).Which.Failure.Should().Be(MySqlFailure.InvalidUserName);
    }

    /// <summary>Where a server would store a name other than the one given: both drop trailing spaces, MySQL trims white space.</summary>
    public static TheoryData<string, string, string> NamesTheServerWouldChange => new()
    {
        { "mariadb", "", " " },
        { "mysql", "", " " },
        { "mysql", "", "\t" },
        { "mysql", "", "\r\n" },
        { "mysql", " ", "" },
        { "mysql", "\n", "" },
    };

    [Theory]
    [MemberData(nameof(NamesTheServerWouldChange))]
    public async Task A_name_the_server_would_store_without_its_white_space_is_refused(string flavor, string before, string after)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var original = accounts.User();
        await server.CreateUserAsync(original, MySqlTestServer.NastyPassword(), "%");
        var core = accounts.User("rt_ws_");
        var spaced = accounts.Track(before + core + after);
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        var clone = () => admin.CloneUserAsync(original, spaced, MySqlTestServer.NastyPassword(), MySqlTestServer.Token);

        (await clone.Should().ThrowAsync<MySqlTargetException>()).Which.Failure.Should().Be(MySqlFailure.InvalidUserName);
        (await server.RawHostsAsync(core)).Should().BeEmpty("nothing was created under the name without its white space");

        // What the refusal prevents: the server keeps the name without it.
        await server.ExecAsync(q => [$"CREATE USER {q.Account(spaced, "%")}"]);
        (await server.RawHostsAsync(core)).Should().Equal("%");
        (await server.RawHostsAsync(spaced)).Should().BeEmpty();
    }

    [Fact]
    public async Task MariaDb_keeps_tabs_and_line_breaks_at_the_ends_of_a_name()
    {
        var server = new MySqlTestServer(testbed, "mariadb");
        await using var accounts = server.Accounts();
        var original = accounts.User();
        await server.CreateUserAsync(original, MySqlTestServer.NastyPassword(), "%");
        var clone = accounts.Track("\t" + MySqlTestServer.UniqueName("rt_ws_") + "\r\n");
        await using var admin = await MySqlTestServer.Target().OpenAdminSessionAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        await admin.CloneUserAsync(original, clone, MySqlTestServer.NastyPassword(), MySqlTestServer.Token);

        (await server.RawHostsAsync(clone)).Should().Equal("%");
    }

    [Theory]
    [MemberData(nameof(ServersAndModes))]
    public async Task The_session_reads_literals_as_the_adapter_writes_them(string flavor, bool noBackslashEscapes)
    {
        var server = new MySqlTestServer(testbed, flavor);
        const string value = "a'b\\c\"d`e?f@g\\";
        await using var session = await MySqlSession.OpenAsync(
            server.Endpoint(), server.Admin, noBackslashEscapes ? [HostileModes] : [], MySqlTestServer.Token);

        var hex = await session.QueryStringsAsync("test query", $"SELECT HEX({session.Quote.Literal(value)})", MySqlTestServer.Token);

        hex.Should().Equal(Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(value)));
        session.SqlMode.Should().NotContain("NO_BACKSLASH_ESCAPES").And.NotContain("ANSI_QUOTES");
    }

    private static string Fill(string prefix, int length) => prefix + new string('x', length - prefix.Length);
}
