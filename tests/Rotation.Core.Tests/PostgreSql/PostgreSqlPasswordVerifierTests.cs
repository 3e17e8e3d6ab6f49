using System.Text;
using System.Text.RegularExpressions;
using FluentAssertions;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>
/// The verifiers computed here are exactly what PostgreSQL computes from the password itself: the server hashes a plain
/// password (these tests are the only ones that send one), and our verifier with the server's salt must be the same string.
/// </summary>
public sealed partial class PostgreSqlPasswordVerifierTests(TestbedFixture testbed)
{
    public static TheoryData<string, string> Passwords => new()
    {
        { "ascii", "Tr0ub4dor&3-correct horse" },
        { "quotes and backslashes", "p'w\\\"?@`;--$1" },
        { "ASCII control characters (SASLprep leaves pure ASCII alone)", "tab\there\u0001" },
        { "accented Latin, CJK, Cyrillic, Greek, kana, Hangul: SASLprep leaves them alone", "Grüße Œuvre 名前 пароль λόγος かタ 한국 «€»" },
        { "a prohibited control character: PostgreSQL uses the raw bytes", "ü\u0085x" },
        { "a private-use character: PostgreSQL uses the raw bytes", "ü\uE000x" },
        { "a ligature next to a prohibited character: the raw bytes all the same", "of\uFB01ce\u0007" },
    };

    /// <summary>Passwords SASLprep would change (NFKC, mappings), which this process cannot compute.</summary>
    public static TheoryData<string, string> Unpreparable => new()
    {
        { "a ligature NFKC expands", "of\uFB01ce" },
        { "decomposed accents NFC composes", "e\u0301te\u0301" },
        { "a non-ASCII space SASLprep maps to a space", "a\u00A0b" },
        { "a soft hyphen SASLprep drops", "soft\u00ADhyphen" },
        { "fullwidth letters NFKC narrows", "\uFF41\uFF42c" },
    };

    [Fact]
    public void A_SCRAM_verifier_has_PostgreSQLs_shape_4096_iterations_and_a_fresh_16_byte_salt()
    {
        var first = PostgreSqlPasswordVerifier.Scram("secret");
        var second = PostgreSqlPasswordVerifier.Scram("secret");

        first.Should().MatchRegex(ScramShape().ToString());
        var match = ScramShape().Match(first);
        match.Groups["iterations"].Value.Should().Be("4096");
        Convert.FromBase64String(match.Groups["salt"].Value).Should().HaveCount(16);
        second.Should().NotBe(first, "every verifier has its own salt");
    }

    [Fact]
    public void The_encoding_follows_password_encryption_and_defaults_to_SCRAM()
    {
        PostgreSqlPasswordVerifier.EncodingFor("scram-sha-256").Should().Be(PostgreSqlPasswordEncoding.ScramSha256);
        PostgreSqlPasswordVerifier.EncodingFor("md5").Should().Be(PostgreSqlPasswordEncoding.Md5);
        PostgreSqlPasswordVerifier.EncodingFor("on").Should().Be(PostgreSqlPasswordEncoding.Md5, "before PostgreSQL 10, on meant md5");
        PostgreSqlPasswordVerifier.EncodingFor("something-new").Should().Be(PostgreSqlPasswordEncoding.ScramSha256);
        PostgreSqlPasswordVerifier.EncodingFor(null).Should().Be(PostgreSqlPasswordEncoding.ScramSha256);
    }

    [Fact]
    public void Preparing_an_ASCII_password_keeps_its_bytes() =>
        PostgreSqlPasswordVerifier.Prepare("a\tb'c").Should().Equal(Encoding.ASCII.GetBytes("a\tb'c"));

    [Theory]
    [MemberData(nameof(Unpreparable))]
    public void A_password_SASLprep_would_change_is_refused_without_saying_what_it_holds(string what, string password)
    {
        var scram = () => PostgreSqlPasswordVerifier.Scram(password);

        var error = scram.Should().Throw<PostgreSqlTargetException>(what).Which;
        error.Failure.Should().Be(PostgreSqlFailure.PasswordRejected);
        error.Message.Should().NotContain(password).And.NotContain("U+");
        PostgreSqlPasswordVerifier.Md5(password, "role").Should().StartWith("md5", "MD5 hashes the raw bytes: no SASLprep");
    }

    [Fact]
    public void A_lone_surrogate_is_refused() =>
        ((Action)(() => PostgreSqlPasswordVerifier.Scram("a\uD800b"))).Should().Throw<PostgreSqlTargetException>()
            .Which.Failure.Should().Be(PostgreSqlFailure.PasswordRejected);

    [Theory]
    [MemberData(nameof(Passwords))]
    public async Task The_SCRAM_verifier_equals_the_one_the_server_computes(string what, string password)
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        var role = roles.Name("rt_scram_");
        await server.ExecAsync($"CREATE ROLE {PostgreSqlSyntax.Identifier(role)} LOGIN");

        var stored = await ServerHashAsync(server, role, password, "scram-sha-256");

        var match = ScramShape().Match(stored!);
        match.Success.Should().BeTrue();
        var ours = PostgreSqlPasswordVerifier.Scram(password, Convert.FromBase64String(match.Groups["salt"].Value), int.Parse(match.Groups["iterations"].Value, System.Globalization.CultureInfo.InvariantCulture));
        ours.Should().Be(stored, what);
        (await server.CanLogInAsync(role, password)).Should().BeTrue("the client's SCRAM proof matches");
    }

    [Theory]
    [MemberData(nameof(Passwords))]
    public async Task The_MD5_verifier_equals_the_one_the_server_computes(string what, string password)
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        var role = roles.Name("rt_Md5_Mixed_");

        await server.ExecAsync($"CREATE ROLE {PostgreSqlSyntax.Identifier(role)} LOGIN");
        var stored = await ServerHashAsync(server, role, password, "md5");

        PostgreSqlPasswordVerifier.Md5(password, role).Should().Be(stored, what);
    }

    [Fact]
    public async Task A_verifier_set_by_the_adapter_logs_in_and_the_password_is_not_in_the_server_log()
    {
        var server = new PostgreSqlTestServer(testbed);
        await using var roles = server.Roles();
        var role = roles.Name("rt_verifier_");
        var password = $"not-in-the-log-{Guid.NewGuid():N}-Grüße";
        await server.ExecAsync($"CREATE ROLE {PostgreSqlSyntax.Identifier(role)} LOGIN");

        await using (var sql = await server.SqlAsync())
        {
            (await sql.SetPasswordAsync(role, password, PostgreSqlTestServer.Token)).Should().Be(PostgreSqlPasswordEncoding.ScramSha256);
        }

        (await server.StoredPasswordAsync(role)).Should().StartWith("SCRAM-SHA-256$4096:");
        (await server.CanLogInAsync(role, password)).Should().BeTrue();
        (await server.LogAsync()).Should().NotContain(password);
    }

    /// <summary>Lets the server hash <paramref name="password"/> itself (sent in clear: only these tests do) and reads what it stored.</summary>
    private static async Task<string?> ServerHashAsync(PostgreSqlTestServer server, string role, string password, string encryption)
    {
        await using (var sql = await server.SqlAsync())
        {
            await sql.ExecuteAsync("test setup", $"SET password_encryption = {PostgreSqlSyntax.Literal(encryption)}", null, PostgreSqlTestServer.Token);
            await sql.ExecuteAsync("test setup", $"ALTER ROLE {PostgreSqlSyntax.Identifier(role)} PASSWORD {PostgreSqlSyntax.Literal(password)}", null, PostgreSqlTestServer.Token);
        }

        return await server.StoredPasswordAsync(role);
    }

    [GeneratedRegex(@"^SCRAM-SHA-256\$(?<iterations>\d+):(?<salt>[A-Za-z0-9+/=]+)\$(?<stored>[A-Za-z0-9+/=]{44}):(?<server>[A-Za-z0-9+/=]{44})$")]
    private static partial Regex ScramShape();
}
