using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Tests.Engine;
using Rotator.Rotation.Tests.Strategies.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// Bad input is refused before anything changes, with a reason a person can act on and without any value in the
/// message; an LDAP server that cannot be reached fails testSecret, and the password is reset back to AWSCURRENT's.
/// </summary>
public sealed class DirectoryServiceAdminRefusalTests(TestbedFixture testbed)
{
    public static TheoryData<string, string, string> BadSecrets => new()
    {
        { "not JSON", "SECRET-not-json {", DirectoryServiceRotationReasons.SecretNotJson },
        { "a JSON array", """["SECRET-in-array"]""", DirectoryServiceRotationReasons.SecretNotJson },
        { "no password", """{"directoryId":"d-1234567890","username":"USER"}""", DirectoryServiceRotationReasons.MissingField },
        { "no user name", """{"directoryId":"d-1234567890","password":"SECRET-pw"}""", DirectoryServiceRotationReasons.MissingField },
        { "an empty password", """{"directoryId":"d-1234567890","username":"USER","password":""}""", DirectoryServiceRotationReasons.MissingField },
        { "a numeric password", """{"directoryId":"d-1234567890","username":"USER","password":12345678}""", DirectoryServiceRotationReasons.InvalidField },
        { "an object user name", """{"directoryId":"d-1234567890","username":{"n":"SECRET-x"},"password":"SECRET-pw"}""", DirectoryServiceRotationReasons.InvalidField },
        { "a numeric directory id", """{"directoryId":1234567890,"username":"USER","password":"SECRET-pw"}""", DirectoryServiceRotationReasons.InvalidField },
        { "a malformed directory id", """{"directoryId":"SECRET-dir","username":"USER","password":"SECRET-pw"}""", DirectoryServiceRotationReasons.InvalidField },
        { "no directory id anywhere", """{"username":"USER","password":"SECRET-pw"}""", DirectoryServiceRotationReasons.MissingField },
        { "both spellings", """{"username":"USER","password":"SECRET-pw","awsSeamlessDomainPassword":"SECRET-2","directoryId":"d-1234567890"}""", DirectoryServiceRotationReasons.AmbiguousFields },
        { "an unknown directory", """{"directoryId":"d-0000000000","username":"USER","password":"SECRET-pw"}""", DirectoryServiceRotationReasons.DirectoryNotFound },
    };

    [Theory]
    [MemberData(nameof(BadSecrets))]
    public async Task A_bad_secret_is_refused_with_a_reason_and_changes_nothing(string why, string value, string reason)
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var secret = await scenario.CreateSecretAsync("bad", value.Replace("USER", scenario.User.Uid, StringComparison.Ordinal));

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused, why);
        outcome.Reason.Should().Be(reason, outcome.Message);
        outcome.Message.Should().NotContain("SECRET", "no value of the secret appears in the message");
        await ShouldBeUnchangedAsync(scenario, secret);
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task A_binary_secret_is_refused_saying_it_is_binary_even_when_its_bytes_are_a_valid_secret()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        // A complete, working secret stored as bytes: binary is never decoded as text, so it must not rotate.
        var bytes = System.Text.Encoding.UTF8.GetBytes(scenario.PlainSecret().ToJsonString());
        var secret = await scenario.CreateSecretAsync("binary", SecretPayload.FromBytes(bytes));

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.SecretNotJson, outcome.Message);
        outcome.Message.Should().Contain(secret.Name).And.Contain("is binary (SecretBinary)").And.Contain("needs a JSON SecretString with username and password");
        await ShouldBeUnchangedAsync(scenario, secret);
        (await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, DirectoryScenario.Token)).SecretBinary.Should().Equal(bytes);
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task A_directory_id_setting_that_disagrees_with_the_secret_is_refused()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { DirectoryId = "d-abcdef0123" };
        var secret = await scenario.CreateSecretAsync("mismatch", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.DirectoryIdMismatch);
        outcome.Message.Should().Contain("d-abcdef0123").And.Contain(DirectoryScenario.DirectoryId);
        await ShouldBeUnchangedAsync(scenario, secret);
    }

    [Theory]
    [InlineData("{nobody}@{directoryName}")]
    [InlineData("uid={username")]
    public async Task A_malformed_bind_name_template_is_refused(string template)
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { BindDn = template };
        var secret = await scenario.CreateSecretAsync("template", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.InvalidSettings, outcome.Message);
        await ShouldBeUnchangedAsync(scenario, secret);
    }

    [Fact]
    public async Task A_verify_url_that_is_not_ldap_is_refused()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { VerifyUrls = ["https://dc1.example.com"] };
        var secret = await scenario.CreateSecretAsync("url", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.InvalidSettings, outcome.Message);
        await ShouldBeUnchangedAsync(scenario, secret);
    }

    [Theory]
    [InlineData(128, false, false)]
    [InlineData(32, true, true)]
    public async Task A_password_policy_the_directory_cannot_accept_is_refused(int length, bool excludeNumbers, bool excludePunctuation)
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var secret = await scenario.CreateSecretAsync("policy", scenario.PlainSecret());
        var policy = new PasswordPolicy { PasswordLength = length, ExcludeNumbers = excludeNumbers, ExcludePunctuation = excludePunctuation };

        var outcome = await scenario.Engine().RunAsync(scenario.Request(secret.Name, passwords: new PasswordGenerator(policy)), scenario.Strategy(), DirectoryScenario.Token);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.PasswordPolicyUnsatisfiable, outcome.Message);
        await ShouldBeUnchangedAsync(scenario, secret);
    }

    [Fact]
    public async Task A_user_the_directory_does_not_have_is_refused_at_setSecret_and_leaves_AWSCURRENT_and_no_AWSPENDING()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var json = scenario.PlainSecret();
        json["username"] = "nobody-" + Guid.NewGuid().ToString("N")[..8];
        var secret = await scenario.CreateSecretAsync("nobody", json);

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused, "a retry would reset the same missing user");
        outcome.FailedStep.Should().Be(RotationStepNames.SetSecret);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.UserNotFound, outcome.Message);
        var observed = await ObservedSecret.ReadAsync(testbed.Moto, secret.Name);
        observed.CurrentVersionId.Should().Be(secret.VersionId);
        observed.HolderOf(SecretVersionStages.Pending).Should().BeNull("the refusal leaves no AWSPENDING behind");
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task Unreachable_LDAP_fails_testSecret_and_resets_the_password_so_AWSCURRENT_binds_again()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { VerifyUrls = [$"ldap://127.0.0.1:{RotationScenario.ClosedPort()}"] };
        var secret = await scenario.CreateSecretAsync("unreachable", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Failed);
        outcome.FailedStep.Should().Be(RotationStepNames.TestSecret);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.LdapUnreachable, outcome.Message);
        outcome.Message.Should().Contain("connection to 127.0.0.1").And.Contain("AWSPENDING kept");
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success, "restore put AWSCURRENT's password back");
        (await scenario.BindAsync(scenario.Passwords.Issued.Single())).Should().Be(LdapBindOutcome.InvalidCredentials);
        scenario.StandIn.Calls.Count(c => c.Target?.EndsWith("ResetUserPassword", StringComparison.Ordinal) == true).Should().Be(2, "set, then restore");
        var state = await ObservedSecret.ReadAsync(testbed.Moto, secret.Name);
        state.CurrentVersionId.Should().Be(secret.VersionId);
        state.HolderOf(SecretVersionStages.Pending).Should().Be(outcome.VersionId);
        scenario.ShouldNotLeak(outcome);

        // Once the URL is fixed, the same rotation resumes and finishes with the password it stored.
        scenario.Settings = scenario.Settings with { VerifyUrls = [testbed.Ldap.Url.ToString()] };
        var resumed = await scenario.RunAsync(secret.Name, outcome.VersionId);

        resumed.Result.Should().Be(RotationResult.Succeeded, resumed.Message);
        (await DirectoryServiceAdminRotationTests.ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, outcome.VersionId!, "password"))
            .Should().Be(scenario.Passwords.Issued.Single());
    }

    [Fact]
    public async Task Without_a_verify_url_testSecret_binds_over_ldaps_to_the_directory_addresses()
    {
        await using var scenario = DirectoryScenario.Start(testbed);

        // The stand-in reports slapd's host; nothing there speaks LDAPS on 636, so the default shows up as unreachable.
        scenario.Settings = scenario.Settings with { VerifyUrls = null };
        var secret = await scenario.CreateSecretAsync("default-url", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.FailedStep.Should().Be(RotationStepNames.TestSecret);
        outcome.Message.Should().Contain($"ldaps://{testbed.Ldap.Url.Host}/");
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success, "restore put AWSCURRENT's password back");
    }

    private static async Task ShouldBeUnchangedAsync(DirectoryScenario scenario, SecretVersionReference secret)
    {
        var stages = (await scenario.Secrets.DescribeSecretAsync(secret.Name, DirectoryScenario.Token)).VersionIdsToStages;
        stages.Should().ContainSingle().Which.Value.Should().BeEquivalentTo([SecretVersionStages.Current]);
        scenario.StandIn.Calls.Should().NotContain(c => c.Target != null && c.Target.EndsWith("ResetUserPassword", StringComparison.Ordinal));
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success);
    }
}
