using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies.PostgreSql;
using Rotator.Rotation.Tests.Strategies.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// Both PostgreSQL strategies through the real <see cref="RotationEngine"/>: moto plus the test bed's PostgreSQL over
/// VerifyFull TLS with the test bed's CA (and plain TCP), two rotations each, checked against the server and Secrets
/// Manager after every one.
/// </summary>
public sealed class PostgreSqlEngineRotationTests(TestbedFixture testbed)
{
    public static TheoryData<DatabaseTlsMode> Transports => new() { DatabaseTlsMode.VerifyFull, DatabaseTlsMode.Disabled };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Alternating_users_flip_to_the_clone_and_back_and_the_previous_user_works_until_the_next_rotation(DatabaseTlsMode tls)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed, tls);
        var (app, secret) = await scenario.AppWithSecretAsync("engine-alternating", withAdmin: true);
        var strategy = scenario.AlternatingUsers();

        var first = await scenario.RotatedAsync(strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        await ShouldKeepUnknownFieldsAsync(scenario, secret.Name);
        var clone = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        clone.UserName.Should().Be(app.UserName + "_clone");
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Previous)).Should().Be(app, "AWSPREVIOUS is the value rotated away from");
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the previous user keeps working until the next rotation's setSecret");

        var second = await scenario.RotatedAsync(strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        var back = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        back.UserName.Should().Be(app.UserName, "user -> user_clone -> user");
        back.Password.Should().NotBe(app.Password);
        (await scenario.CanLogInAsync(clone)).Should().BeTrue("the clone is the previous user now");
        (await scenario.CanLogInAsync(app)).Should().BeFalse("the original got a new password in the second setSecret");
        scenario.ShouldNotLeak(scenario.Logs.Text);

        var third = await scenario.RotatedAsync(strategy, secret.Name);

        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).UserName.Should().Be(clone.UserName);
        (await scenario.CanLogInAsync(clone)).Should().BeFalse("the clone got a new password in the third setSecret");
        (await scenario.CanLogInAsync(back)).Should().BeTrue();
        third.Should().NotBe(second);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Single_user_replaces_the_password_twice(DatabaseTlsMode tls)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed, tls);
        var (app, secret) = await scenario.AppWithSecretAsync("engine-single", withAdmin: false);
        var strategy = scenario.SingleUser();

        var first = await scenario.RotatedAsync(strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        await ShouldKeepUnknownFieldsAsync(scenario, secret.Name);
        var rotated = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        rotated.UserName.Should().Be(app.UserName);
        rotated.Password.Should().NotBe(app.Password);
        (await scenario.CanLogInAsync(app)).Should().BeFalse("PostgreSQL has no dual passwords: the old one dies at setSecret");

        var second = await scenario.RotatedAsync(strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        (await scenario.CanLogInAsync(rotated)).Should().BeFalse();
        (await scenario.Server.StoredPasswordAsync(app.UserName)).Should().StartWith("SCRAM-SHA-256$4096:");
        scenario.ShouldNotLeak(scenario.Logs.Text);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Where_password_encryption_is_md5_an_MD5_verifier_is_stored_and_the_outcome_says_so(bool alternating)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("engine-md5", withAdmin: alternating);

        // The session that sets the password reads password_encryption: the user's own (single user) or the admin's.
        var setter = alternating ? scenario.Admin!.UserName : app.UserName;
        await scenario.Server.ExecAsync($"ALTER ROLE {PostgreSqlSyntax.Identifier(setter)} SET password_encryption = 'md5'");
        var clone = PostgreSqlCloneNames.CloneOf(app.UserName);
        await scenario.Server.ExecAsync($"GRANT {PostgreSqlSyntax.Identifier(scenario.Server.Md5Group)} TO {PostgreSqlSyntax.Identifier(app.UserName)}");

        var outcome = await scenario.RotateAsync(alternating ? scenario.AlternatingUsers() : scenario.SingleUser(), secret.Name);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        var rotated = alternating ? clone : app.UserName;
        outcome.Notes.Should().ContainSingle(n => n.Contains("MD5", StringComparison.Ordinal) && n.Contains(rotated, StringComparison.Ordinal));
        outcome.Message.Should().Contain("password_encryption is md5");
        var current = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        (await scenario.Server.StoredPasswordAsync(rotated)).Should().Be(PostgreSqlPasswordVerifier.Md5(current.Password, rotated));
        (await scenario.CanLogInAsync(current)).Should().BeTrue("the clone inherits md5 login from the original's group; single user is in it");
        (await scenario.Server.LogAsync()).Should().NotContain(current.Password);
    }

    /// <summary>The fields this code does not know are still there, value for value, in AWSCURRENT.</summary>
    private static async Task ShouldKeepUnknownFieldsAsync(PostgreSqlScenario scenario, string secretId)
    {
        var current = await scenario.Moto.JsonAsync(secretId, SecretVersionSelector.Current);
        foreach (var (key, value) in RotationScenario.UnknownFields())
        {
            JsonNode.DeepEquals(current[key], value).Should().BeTrue($"unknown field '{key}' keeps its value");
        }
    }
}
