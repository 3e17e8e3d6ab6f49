using FluentAssertions;
using MySqlConnector;
using Rotator.Rotation.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>Real driver errors whose messages quote SQL never reach callers with the password in them.</summary>
public sealed class MySqlErrorTranslatorTests(TestbedFixture testbed)
{
    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_syntax_error_around_a_password_is_withheld_entirely(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        const string password = "Pa55-word-with-a-long-tail";
        var raw = await RawErrorAsync(server, $"ALTER USER CURRENT_USER() IDENTIFIED BYE '{password}'");
        raw.Message.Should().Contain("-tail", "the server's message quotes the SQL text: this is what must not leak");

        var wrapped = MySqlErrorTranslator.FromStatement("changing a password", raw, carriesSecret: true, [password]);

        wrapped.ServerError.Should().Be(1064);
        wrapped.InnerException.Should().BeNull();
        wrapped.ToString().Should().NotContain("-tail").And.NotContain(password).And.Contain("withheld");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_message_safe_to_show_is_still_scrubbed(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        const string password = "rt_scrub_me";
        var raw = await RawErrorAsync(server, $"SHOW GRANTS FOR '{password}'@'%'");

        var wrapped = MySqlErrorTranslator.FromStatement("reading grants", raw, carriesSecret: true, [password]);

        wrapped.Message.Should().NotContain(password).And.Contain("***");
    }

    private static async Task<MySqlException> RawErrorAsync(MySqlTestServer server, string sql)
    {
        await using var connection = new MySqlConnection(MySqlConnectionStrings.Build(server.Endpoint(), server.Admin));
        await connection.OpenAsync(MySqlTestServer.Token);
        await using var command = new MySqlCommand(sql, connection);
        var run = () => command.ExecuteNonQueryAsync(MySqlTestServer.Token);
        return (await run.Should().ThrowAsync<MySqlException>()).Which;
    }
}
