using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>Single steps called directly, for the failures the engine turns into outcomes: the exceptions themselves carry no password.</summary>
public sealed class DirectoryServiceAdminStepTests(TestbedFixture testbed)
{
    [Fact]
    public async Task TestSecret_with_a_password_the_directory_refuses_fails_without_quoting_it()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var wrong = scenario.Passwords.NewPassword();
        var context = Context(scenario, wrong);

        var test = () => scenario.Strategy().TestAsync(context, DirectoryScenario.Token);

        var error = (await test.Should().ThrowAsync<RotationTestFailedException>()).Which;
        error.Reason.Should().Be(DirectoryServiceRotationReasons.PendingCredentialsRejected);
        error.Message.Should().Contain("invalid credentials").And.Contain(scenario.User.Uid).And.MatchRegex(@"\d+ attempts over");
        scenario.ShouldNotLeak(error);
    }

    [Fact]
    public async Task SetSecret_with_a_password_the_directory_refuses_is_a_refusal_without_quoting_it()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var tooLong = scenario.Passwords.NewPassword() + scenario.Passwords.NewPassword() + scenario.Passwords.NewPassword() + scenario.Passwords.NewPassword();
        var context = Context(scenario, tooLong);

        var set = () => scenario.Strategy().SetAsync(context, DirectoryScenario.Token);

        var error = (await set.Should().ThrowAsync<RotationRefusedException>()).Which;
        error.Reason.Should().Be(DirectoryServiceRotationReasons.PasswordRejected);
        error.ToString().Should().NotContain(tooLong);
        scenario.ShouldNotLeak(error);
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task A_pending_value_for_another_user_is_refused()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var context = Context(scenario, scenario.Passwords.NewPassword(), pendingUser: "someone-else");

        var set = () => scenario.Strategy().SetAsync(context, DirectoryScenario.Token);

        (await set.Should().ThrowAsync<RotationRefusedException>()).Which.Reason.Should().Be(DirectoryServiceRotationReasons.PendingMismatch);
        scenario.StandIn.Calls.Should().NotContain(c => c.Target != null && c.Target.EndsWith("ResetUserPassword", StringComparison.Ordinal));
    }

    [Fact]
    public void The_strategy_prints_no_values()
    {
        var secret = new SecretValue { Name = "s", VersionId = "v", SecretString = """{"directoryId":"d-1234567890","username":"u","password":"SECRET-pw"}""" };

        DirectoryAdminSecret.Read(secret, SecretVersionStages.Current).ToString().Should().NotContain("SECRET");
    }

    private static RotationContext Context(DirectoryScenario scenario, string pendingPassword, string? pendingUser = null)
    {
        var current = scenario.PlainSecret();
        var pending = scenario.PlainSecret();
        pending["password"] = pendingPassword;
        pending["username"] = pendingUser ?? scenario.User.Uid;
        return new RotationContext
        {
            SecretId = "ds/steps",
            VersionId = Guid.NewGuid().ToString(),
            Current = new SecretValue { Name = "ds/steps", VersionId = "current", SecretString = current.ToJsonString() },
            Pending = new SecretValue { Name = "ds/steps", VersionId = "pending", SecretString = pending.ToJsonString() },
            SecretsManager = scenario.Secrets,
            Passwords = scenario.Passwords,
        };
    }
}
