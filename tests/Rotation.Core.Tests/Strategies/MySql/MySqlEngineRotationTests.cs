using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Both MySQL strategies through the real <see cref="RotationEngine"/> (not the test driver): moto plus MariaDB and
/// MySQL, plain and VerifyCA, two rotations each, checked against the server and Secrets Manager after every one.
/// </summary>
public sealed class MySqlEngineRotationTests(TestbedFixture testbed)
{
    public static TheoryData<string, bool> Transports => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    public static TheoryData<bool> MySqlTransports => new() { false, true };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Alternating_users_flip_to_the_clone_and_back_through_the_engine(string flavor, bool tls)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("engine-admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(["%", "localhost"]);
        var secret = await scenario.CreateSecretAsync("engine-alternating", scenario.AppSecret(app, adminSecret.Arn));
        var strategy = scenario.AlternatingUsers();

        var first = await RotatedAsync(scenario, strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        await ShouldKeepUnknownFieldsAsync(scenario, secret.Name);
        var clone = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        clone.UserName.Should().Be(app.UserName + "_clone");
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Previous)).Should().Be(app, "AWSPREVIOUS is the value rotated away from");
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the previous user keeps working until the next rotation's setSecret");

        var second = await RotatedAsync(scenario, strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        await ShouldKeepUnknownFieldsAsync(scenario, secret.Name);
        var back = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        back.UserName.Should().Be(app.UserName, "user -> user_clone -> user");
        back.Password.Should().NotBe(app.Password);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Previous)).Should().Be(clone);
        (await scenario.CanLogInAsync(clone)).Should().BeTrue("the clone is the previous user now");
        (await scenario.CanLogInAsync(app)).Should().BeFalse("the original user got a new password in the second setSecret");
        await MySqlCloneTests.ShouldMatchAsync(scenario.Server, clone.UserName, app.UserName, "%", "localhost");
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Single_user_replaces_the_password_twice_through_the_engine(string flavor, bool tls)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls);
        var app = await scenario.CreateAppUserAsync(["%"]);
        var secret = await scenario.CreateSecretAsync("engine-single", scenario.AppSecret(app));
        var strategy = scenario.SingleUser();

        var first = await RotatedAsync(scenario, strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        await ShouldKeepUnknownFieldsAsync(scenario, secret.Name);
        var rotated = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        rotated.UserName.Should().Be(app.UserName);
        rotated.Password.Should().NotBe(app.Password);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Previous)).Should().Be(app);
        (await scenario.CanLogInAsync(app)).Should().BeFalse("single user replaces the password");

        var second = await RotatedAsync(scenario, strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        await ShouldKeepUnknownFieldsAsync(scenario, secret.Name);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Previous)).Should().Be(rotated);
        (await scenario.CanLogInAsync(rotated)).Should().BeFalse();
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(MySqlTransports))]
    public async Task Single_user_with_dual_passwords_keeps_the_old_password_until_it_is_discarded(bool tls)
    {
        await using var scenario = RotationScenario.Start(testbed, "mysql", tls);
        scenario.Settings = scenario.Settings with { DualPassword = true };
        var app = await scenario.CreateAppUserAsync(["%"], dualPasswordPrivilege: true);
        var secret = await scenario.CreateSecretAsync("engine-dual", scenario.AppSecret(app));
        var strategy = scenario.SingleUser();

        var first = await RotatedAsync(scenario, strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        var rotated = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the old password is retained until discarded");
        await DiscardAsync(scenario, strategy, secret.Name);
        (await scenario.CanLogInAsync(app)).Should().BeFalse("discarded");
        (await scenario.CanLogInAsync(rotated)).Should().BeTrue();

        var second = await RotatedAsync(scenario, strategy, secret.Name);

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        await ShouldKeepUnknownFieldsAsync(scenario, secret.Name);
        (await scenario.CanLogInAsync(rotated)).Should().BeTrue("retained again by the second rotation");
        await DiscardAsync(scenario, strategy, secret.Name);
        (await scenario.CanLogInAsync(rotated)).Should().BeFalse();
        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().BeTrue();
    }

    /// <summary>Runs one new rotation and returns its version id, which must be the new AWSCURRENT.</summary>
    private static async Task<string> RotatedAsync(RotationScenario scenario, IRotationStrategy strategy, string secretId)
    {
        var outcome = await scenario.RotateAsync(strategy, secretId);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.Reason.Should().Be(RotationReasons.Rotated);
        outcome.FailedStep.Should().BeNull();
        outcome.VersionId.Should().NotBeNullOrEmpty();
        return outcome.VersionId!;
    }

    private static async Task DiscardAsync(RotationScenario scenario, MySqlSingleUserStrategy strategy, string secretId)
    {
        var current = await scenario.Secrets.GetSecretValueAsync(secretId, SecretVersionSelector.Current, RotationScenario.Token);
        await strategy.DiscardRetainedPasswordAsync(scenario.Context(secretId, current), RotationScenario.Token);
    }

    /// <summary>The fields this code does not know are still there, value for value, in AWSCURRENT.</summary>
    private static async Task ShouldKeepUnknownFieldsAsync(RotationScenario scenario, string secretId)
    {
        var current = await scenario.JsonAsync(secretId, SecretVersionSelector.Current);
        foreach (var (key, value) in RotationScenario.UnknownFields())
        {
            current.ContainsKey(key).Should().BeTrue($"unknown field '{key}' is kept");
            JsonNode.DeepEquals(current[key], value).Should().BeTrue($"unknown field '{key}' keeps its value");
        }
    }
}
