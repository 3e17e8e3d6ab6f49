using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// A password policy no generated password can meet: the server demands 200 characters (MySQL's validate_password
/// component, MariaDB's simple_password_check plugin). The policy only shows when setSecret sends the password, so the
/// engine stops there with PasswordRejected and refuses the rotation: a retry would send the same password again. The
/// server and AWSCURRENT stay as they were, and the engine removes the AWSPENDING it stored, so nothing is left behind.
/// </summary>
[Collection(ServerPasswordPolicyCollection.Name)]
public sealed class MySqlEnginePasswordPolicyTests(TestbedFixture testbed)
{
    private const int ImpossibleLength = 200;

    public static TheoryData<string, bool> ServersAndStrategies => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    [Theory]
    [MemberData(nameof(ServersAndStrategies))]
    public async Task A_password_the_servers_policy_refuses_stops_the_rotation_at_setSecret_and_changes_nothing(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("engine-policy-admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(["%"]);
        var secret = await scenario.CreateSecretAsync("engine-policy", scenario.AppSecret(app, adminSecret.Arn));
        IRotationStrategy strategy = alternating
            ? scenario.AlternatingUsers()
            : scenario.SingleUser();
        var engine = scenario.NewEngine();

        RotationOutcome outcome;
        try
        {
            await PolicyOnAsync(scenario.Server);
            outcome = await engine.RunAsync(scenario.Request(secret.Name), strategy, RotationScenario.Token);
        }
        finally
        {
            await PolicyOffAsync(scenario.Server);
        }

        outcome.Result.Should().Be(RotationResult.Refused, outcome.Message);
        outcome.FailedStep.Should().Be(RotationStepNames.SetSecret);
        outcome.Reason.Should().Be(MySqlRotationReasons.PasswordRejected, outcome.Message);
        outcome.Message.Should().Contain("policy");
        MySqlEngineLeaks.ShouldNotContainPasswords(scenario, outcome.Message);
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ById(outcome.VersionId!));
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the server kept the current password");
        (await scenario.CanLogInAsync(pending)).Should().BeFalse("the server never took the pending password");
        (await scenario.Server.RawHostsAsync(app.UserName + MySqlCloneNames.Suffix)).Should().BeEmpty("no clone was created");
        (await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token)).VersionId.Should().Be(secret.VersionId);

        var stages = await scenario.StagesAsync(secret.Name);
        stages.Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending), "the refusal leaves no AWSPENDING behind");
        stages[secret.VersionId!].Should().Contain(SecretVersionStages.Current);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();
    }

    private static Task PolicyOnAsync(MySqlTestServer server) => server.IsMySql
        ? server.ExecAsync(
            "INSTALL COMPONENT 'file://component_validate_password'",
            "SET GLOBAL validate_password.policy = 'LOW'",
            $"SET GLOBAL validate_password.length = {ImpossibleLength}")
        : server.ExecAsync(
            "INSTALL SONAME 'simple_password_check'",
            $"SET GLOBAL simple_password_check_minimal_length = {ImpossibleLength}");

    private static Task PolicyOffAsync(MySqlTestServer server) => server.IsMySql
        ? server.ExecAsync("UNINSTALL COMPONENT 'file://component_validate_password'")
        : server.ExecAsync("UNINSTALL SONAME 'simple_password_check'");
}
