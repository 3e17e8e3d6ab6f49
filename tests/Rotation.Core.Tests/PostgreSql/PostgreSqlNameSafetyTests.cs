using FluentAssertions;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>
/// Role names are quoted exactly (case, quotes, semicolons) and measured in bytes: the server cuts a name over 63 bytes
/// with only a NOTICE, so such a name is refused before anything is sent, and a cut never splits a character.
/// </summary>
public sealed class PostgreSqlNameSafetyTests(TestbedFixture testbed)
{
    public static TheoryData<string> OddNames => new()
    {
        "MixedCase",
        "we\"ird'name",
        "semi;colon -- DROP ROLE x",
        "back\\slash",
        "spaces and $dollar",
        new string('é', 31) + "x", // 63 bytes in UTF-8
        "名前" + new string('a', 57), // 6 + 57 = 63 bytes
    };

    [Fact]
    public void Identifiers_double_their_quotes_and_literals_escape_backslashes_whatever_standard_conforming_strings_says()
    {
        PostgreSqlSyntax.Identifier("a\"b").Should().Be("\"a\"\"b\"");
        PostgreSqlSyntax.Literal("it's").Should().Be("'it''s'");
        PostgreSqlSyntax.Literal("a\\b'c").Should().Be("E'a\\\\b''c'");
        ((Action)(() => PostgreSqlSyntax.Literal("a\0b"))).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Names_are_measured_in_UTF8_bytes()
    {
        PostgreSqlNames.Validate(new string('a', 63), "role");
        PostgreSqlNames.Validate(new string('é', 31) + "x", "role");
        var tooLong = () => PostgreSqlNames.Validate(new string('é', 32), "role");
        tooLong.Should().Throw<PostgreSqlTargetException>().Which.Message.Should().Contain("64 bytes");
        ((Action)(() => PostgreSqlNames.Validate(new string('a', 64), "role"))).Should().Throw<PostgreSqlTargetException>()
            .Which.Failure.Should().Be(PostgreSqlFailure.InvalidName);
        ((Action)(() => PostgreSqlNames.Validate("a\0b", "role"))).Should().Throw<PostgreSqlTargetException>();
        ((Action)(() => PostgreSqlNames.Validate("a\uD800", "role"))).Should().Throw<PostgreSqlTargetException>();
        ((Action)(() => PostgreSqlNames.Validate("", "role"))).Should().Throw<PostgreSqlTargetException>();
        ((Action)(() => PostgreSqlNames.Validate("é", "role", "LATIN1"))).Should().Throw<PostgreSqlTargetException>()
            .Which.Message.Should().Contain("LATIN1");
        PostgreSqlNames.Validate("plain", "role", "LATIN1");
    }

    [Fact]
    public void Cutting_keeps_whole_characters()
    {
        PostgreSqlNames.Cut("short", 57).Should().Be("short");
        PostgreSqlNames.Cut(new string('a', 60), 57).Should().HaveLength(57);

        // 'é' is 2 bytes: 28 of them are 56 bytes, a 29th would make 58.
        PostgreSqlNames.Cut(new string('é', 40), 57).Should().Be(new string('é', 28));

        // '名' is 3 bytes, an emoji 4 (a surrogate pair in UTF-16): never half of either.
        PostgreSqlNames.Cut(new string('a', 55) + "名", 57).Should().Be(new string('a', 55));
        PostgreSqlNames.Cut(new string('a', 54) + "😀b", 57).Should().Be(new string('a', 54));

        // A base letter and its combining accent stay together.
        PostgreSqlNames.Cut(new string('a', 56) + "e\u0301", 57).Should().Be(new string('a', 56));
    }

    [Theory]
    [MemberData(nameof(OddNames))]
    public async Task An_odd_name_reaches_the_server_exactly_and_its_password_is_set_through_the_adapter(string name)
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        roles.Track(name);
        var password = $"pw-{Guid.NewGuid():N}";
        await server.ExecAsync($"DROP ROLE IF EXISTS {PostgreSqlSyntax.Identifier(name)}", $"CREATE ROLE {PostgreSqlSyntax.Identifier(name)} LOGIN");

        await using (var sql = await server.SqlAsync())
        {
            await sql.SetPasswordAsync(name, password, PostgreSqlTestServer.Token);
        }

        (await server.StringsAsync("SELECT rolname::text FROM pg_roles WHERE rolname = $1", name)).Should().Equal(name);
        (await server.CanLogInAsync(name, password)).Should().BeTrue();
    }

    [Fact]
    public async Task A_name_over_63_bytes_is_refused_before_any_statement_is_sent()
    {
        var server = new PostgreSqlTestServer(testbed);
        var name = PostgreSqlTestServer.UniqueName("rt_") + new string('ü', 28); // 67 bytes
        await using var sql = await server.SqlAsync();

        var set = () => sql.SetPasswordAsync(name, "secret-pw", PostgreSqlTestServer.Token);

        (await set.Should().ThrowAsync<PostgreSqlTargetException>()).Which.Failure.Should().Be(PostgreSqlFailure.InvalidName);
        (await server.LogAsync()).Should().NotContain(name[..11], "nothing naming it was sent");
    }
}
