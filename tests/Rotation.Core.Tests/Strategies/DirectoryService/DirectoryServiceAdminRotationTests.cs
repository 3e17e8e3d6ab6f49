using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Tests.Aws;
using Rotator.Rotation.Tests.Engine;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// Whole rotations through the real <see cref="RotationEngine"/>: moto holds the secret, the Directory Service stand-in
/// resets the password in slapd, and every claim about the directory is checked with a real LDAP bind.
/// </summary>
public sealed class DirectoryServiceAdminRotationTests(TestbedFixture testbed)
{
    [Fact]
    public async Task A_rotation_of_the_plain_fields_changes_the_directory_password_and_moves_the_labels()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var secret = await scenario.CreateSecretAsync("plain", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        var password = await ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, outcome.VersionId!, "password");
        (await scenario.JsonAsync(secret.Name, SecretVersionSelector.Current))["directoryId"]!.GetValue<string>().Should().Be(DirectoryScenario.DirectoryId);
        (await scenario.BindAsync(password)).Should().Be(LdapBindOutcome.Success);
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task A_rotation_of_the_seamless_domain_fields_writes_the_same_spelling_back()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { DirectoryId = DirectoryScenario.DirectoryId };
        var secret = await scenario.CreateSecretAsync("seamless", scenario.SeamlessSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        await ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, outcome.VersionId!, "awsSeamlessDomainPassword");
        var current = await scenario.JsonAsync(secret.Name, SecretVersionSelector.Current);
        current.Should().NotContainKey("password").And.NotContainKey("directoryId").And.NotContainKey("awsSeamlessDomainDirectoryId");
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task The_seamless_domain_directory_id_field_and_an_agreeing_setting_work_together()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { DirectoryId = DirectoryScenario.DirectoryId.ToUpperInvariant() };
        var secret = await scenario.CreateSecretAsync("seamless-id", scenario.SeamlessSecret(withDirectoryId: true));

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        await ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, outcome.VersionId!, "awsSeamlessDomainPassword");
    }

    [Fact]
    public async Task Two_consecutive_rotations_each_leave_only_the_newest_password_working()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var secret = await scenario.CreateSecretAsync("twice", scenario.PlainSecret());

        var first = await scenario.RunAsync(secret.Name);
        first.Result.Should().Be(RotationResult.Succeeded, first.Message);
        var firstPassword = await ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, first.VersionId!, "password");
        var second = await scenario.RunAsync(secret.Name);

        second.Result.Should().Be(RotationResult.Succeeded, second.Message);
        second.VersionId.Should().NotBe(first.VersionId);
        var secondPassword = await ShouldHaveRotatedAsync(scenario, secret.Name, first.VersionId!, second.VersionId!, "password");
        secondPassword.Should().NotBe(firstPassword);
        (await scenario.BindAsync(firstPassword)).Should().Be(LdapBindOutcome.InvalidCredentials);
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.InvalidCredentials);
        (await ObservedSecret.ReadAsync(testbed.Moto, secret.Name)).VersionCount.Should().Be(3);
        scenario.ShouldNotLeak(first, second);
    }

    [Fact]
    public async Task TestSecret_waits_out_replication_lag_on_the_injected_clock()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Options = new DirectoryServiceAdminOptions
        {
            BindRetryTimeout = TimeSpan.FromSeconds(60),
            BindRetryFirstDelay = TimeSpan.FromSeconds(1),
            BindRetryMaxDelay = TimeSpan.FromSeconds(8),
        };
        var secret = await scenario.CreateSecretAsync("lag", scenario.PlainSecret());
        string? pending = null;

        // setSecret's "already done?" bind plus testSecret's first four see a controller that has not replicated yet.
        var lagging = new LaggingVerifier(scenario.Verifier, () => pending ??= scenario.Passwords.Issued.SingleOrDefault(), staleBinds: 5);
        var clock = new AutoAdvancingTimeProvider();
        var outcome = await scenario.RunAsync(secret.Name, strategy: scenario.Strategy(lagging), time: clock);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        clock.Elapsed.Should().Be(TimeSpan.FromSeconds(1 + 2 + 4 + 8), "four waits, doubling from 1 s up to the 8 s cap");
        scenario.Logs.Text.Should().Contain("5 attempts over 15s");
        await ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, outcome.VersionId!, "password");
    }

    [Fact]
    public async Task A_rerun_of_setSecret_whose_password_already_binds_does_not_reset_it_again()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var secret = await scenario.CreateSecretAsync("rerun", scenario.PlainSecret());
        var crash = new CrashAt(RotationFaultPoint.AfterSetSecret);
        var crashed = () => scenario.Engine(crash).RunAsync(scenario.Request(secret.Name), scenario.Strategy(), DirectoryScenario.Token);
        await crashed.Should().ThrowAsync<SimulatedCrashException>();
        var resetsBefore = ResetCalls(scenario);

        var outcome = await scenario.RunAsync(secret.Name, crash.VersionId);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        ResetCalls(scenario).Should().Be(resetsBefore, "the pending password already bound");
        resetsBefore.Should().Be(1);
    }

    private static int ResetCalls(DirectoryScenario scenario) =>
        scenario.StandIn.Calls.Count(c => c.Target?.EndsWith("ResetUserPassword", StringComparison.Ordinal) == true);

    /// <summary>
    /// After one finished rotation to <paramref name="newVersion"/>: AWSCURRENT on it and its password binds, AWSPREVIOUS on
    /// <paramref name="oldVersion"/> and its password is refused, AWSPENDING nowhere, every other field as it was and in
    /// the same order. Returns the new password.
    /// </summary>
    internal static async Task<string> ShouldHaveRotatedAsync(DirectoryScenario scenario, string secretId, string oldVersion, string newVersion, string passwordField)
    {
        var stages = (await scenario.Secrets.DescribeSecretAsync(secretId, DirectoryScenario.Token)).VersionIdsToStages;
        stages[newVersion].Should().BeEquivalentTo([SecretVersionStages.Current]);
        stages[oldVersion].Should().BeEquivalentTo([SecretVersionStages.Previous]);
        stages.Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending), "finishSecret removes AWSPENDING");

        var old = await scenario.JsonAsync(secretId, SecretVersionSelector.Previous);
        var current = await scenario.JsonAsync(secretId, SecretVersionSelector.Current);
        var password = current[passwordField]!.GetValue<string>();
        var oldPassword = old[passwordField]!.GetValue<string>();
        password.Should().NotBe(oldPassword);
        (await scenario.BindAsync(password)).Should().Be(LdapBindOutcome.Success, "AWSCURRENT's password binds");
        (await scenario.BindAsync(oldPassword)).Should().Be(LdapBindOutcome.InvalidCredentials, "AWSPREVIOUS's password is refused");

        current.Select(p => p.Key).Should().Equal(old.Select(p => p.Key), "no field is added, dropped or reordered");
        foreach (var (key, value) in old.Where(p => p.Key != passwordField))
        {
            JsonNode.DeepEquals(current[key], value).Should().BeTrue($"field '{key}' is kept as it was");
        }

        return password;
    }
}
