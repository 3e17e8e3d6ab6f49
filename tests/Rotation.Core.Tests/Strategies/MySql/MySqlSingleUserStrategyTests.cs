using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>MySQLSingleUser end to end: moto plus MariaDB and MySQL, plain and VerifyCA.</summary>
public sealed class MySqlSingleUserStrategyTests(TestbedFixture testbed)
{
    // A user can change only the account its login matched, so single-user applications live on one host.
    private static readonly string[] AnyHost = ["%"];

    public static TheoryData<string, bool> Transports => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    public static TheoryData<string, bool> RestoreCases => new()
    {
        { "mariadb", false },
        { "mysql", false },
        { "mysql", true },
    };


    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Rotates_twice_refusing_each_old_password_and_keeping_every_other_field(string flavor, bool tls)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var grantsBefore = await scenario.Server.NormalisedGrantsAsync(app.UserName, "%");
        var secret = await scenario.CreateSecretAsync("single", scenario.AppSecret(app));
        var first = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, first)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        var rotated = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        rotated.UserName.Should().Be(app.UserName);
        rotated.Password.Should().NotBe(app.Password);
        (await scenario.CanLogInAsync(app)).Should().BeFalse("single user replaces the password");

        var second = RotationScenario.NewVersionId();
        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, second)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        (await scenario.CanLogInAsync(rotated)).Should().BeFalse();
        (await scenario.Server.NormalisedGrantsAsync(app.UserName, "%")).Should().Equal(grantsBefore, "single user touches the password only");
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Logs_in_with_AWSPREVIOUS_when_AWSCURRENT_was_edited_to_a_password_the_server_does_not_have(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("single-prev", scenario.AppSecret(app));
        var edited = RotationScenario.NewVersionId();
        var wrong = app with { Password = scenario.Passwords.NewPassword() };
        await scenario.Secrets.PutSecretValueAsync(
            secret.Name, SecretPayload.FromString(scenario.AppSecret(wrong).ToJsonString()), [SecretVersionStages.Current], edited, RotationScenario.Token);
        var version = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, version)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, edited], edited, version);
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(RestoreCases))]
    public async Task A_failed_test_puts_the_AWSCURRENT_password_back_and_a_retry_completes(string flavor, bool dualPassword)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        scenario.Settings = scenario.Settings with { DualPassword = dualPassword };
        var app = await scenario.CreateAppUserAsync(AnyHost, dualPasswordPrivilege: dualPassword);
        var secret = await scenario.CreateSecretAsync("single-restore", scenario.AppSecret(app));
        var version = RotationScenario.NewVersionId();
        var faulty = new ProbeFaultInjectingMySqlTarget(MySqlTestServer.Target(), c => c.UserName == app.UserName && c.Password != app.Password);

        var run = () => scenario.RunAsync(new MySqlSingleUserStrategy(faulty, scenario.Settings), secret.Name, version);

        var error = (await run.Should().ThrowAsync<RotationTestFailedException>()).Which;
        error.Reason.Should().Be(MySqlRotationReasons.PendingCredentialsRejected);
        faulty.Injected.Should().Be(1);
        scenario.ShouldNotLeak(error);
        (await scenario.CanLogInAsync(app)).Should().BeTrue("restore put the AWSCURRENT password back");
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(version, SecretVersionStages.Pending));
        (await scenario.CanLogInAsync(pending)).Should().BeFalse("the pending password was taken back");
        (await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token)).VersionId.Should().Be(secret.VersionId);

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, version)).Should().BeTrue("the engine's retry of the same version completes");

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
        (await scenario.CanLogInAsync(app)).Should().Be(dualPassword, "only dual passwords keep the old one");
    }

    [Fact]
    public async Task Dual_passwords_keep_the_old_password_until_it_is_discarded()
    {
        await using var scenario = RotationScenario.Start(testbed, "mysql", tls: true);
        scenario.Settings = scenario.Settings with { DualPassword = true };
        var app = await scenario.CreateAppUserAsync(AnyHost, dualPasswordPrivilege: true);
        var secret = await scenario.CreateSecretAsync("single-dual", scenario.AppSecret(app));
        var first = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, first)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        var rotated = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the old password is retained for consumers not yet rolled out");
        (await scenario.CanLogInAsync(rotated)).Should().BeTrue();

        var current = await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token);
        await scenario.SingleUser().DiscardRetainedPasswordAsync(scenario.Context(secret.Name, current), RotationScenario.Token);
        await scenario.SingleUser().DiscardRetainedPasswordAsync(scenario.Context(secret.Name, current), RotationScenario.Token);

        (await scenario.CanLogInAsync(app)).Should().BeFalse("discarded");
        (await scenario.CanLogInAsync(rotated)).Should().BeTrue();

        var second = RotationScenario.NewVersionId();
        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, second)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        (await scenario.CanLogInAsync(rotated)).Should().BeTrue("retained again by the second rotation");
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    [Fact]
    public async Task Dual_passwords_without_APPLICATION_PASSWORD_ADMIN_are_refused_at_setSecret_and_change_nothing_on_the_server()
    {
        await using var scenario = RotationScenario.Start(testbed, "mysql", tls: true);
        scenario.Settings = scenario.Settings with { DualPassword = true };
        var app = await scenario.CreateAppUserAsync(AnyHost, dualPasswordPrivilege: false);
        var secret = await scenario.CreateSecretAsync("single-dual-denied", scenario.AppSecret(app));
        var version = RotationScenario.NewVersionId();

        var run = () => scenario.RunAsync(scenario.SingleUser(), secret.Name, version);

        var error = (await run.Should().ThrowAsync<RotationRefusedException>()).Which;
        error.Reason.Should().Be(MySqlRotationReasons.AccessDenied);
        error.Message.Should().Contain("APPLICATION_PASSWORD_ADMIN");
        scenario.ShouldNotLeak(error);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(version, SecretVersionStages.Pending));
        (await scenario.CanLogInAsync(pending)).Should().BeFalse();
    }

    [Fact]
    public async Task Dual_passwords_on_MariaDB_are_refused_up_front_by_validation_and_by_setSecret()
    {
        await using var scenario = RotationScenario.Start(testbed, "mariadb", tls: true);
        scenario.Settings = scenario.Settings with { DualPassword = true };
        var app = await scenario.CreateAppUserAsync(AnyHost);
        var secret = await scenario.CreateSecretAsync("single-dual-mariadb", scenario.AppSecret(app));

        await scenario.ShouldRefuseAndChangeNothingAsync(
            secret.Name,
            () => scenario.RunAsync(scenario.SingleUser(), secret.Name, RotationScenario.NewVersionId()),
            MySqlRotationReasons.DualPasswordUnsupported,
            app);

        // Without validation (an engine that skipped it), setSecret refuses before changing anything.
        var current = await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, RotationScenario.Token);
        var pendingValue = current with
        {
            VersionId = RotationScenario.NewVersionId(),
            SecretString = scenario.AppSecret(app with { Password = scenario.Passwords.NewPassword() }).ToJsonString(),
        };
        var set = () => scenario.SingleUser().SetAsync(scenario.Context(secret.Name, current, pendingValue), RotationScenario.Token);
        var error = (await set.Should().ThrowAsync<RotationRefusedException>()).Which;
        error.Reason.Should().Be(MySqlRotationReasons.DualPasswordUnsupported);
        scenario.ShouldNotLeak(error);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();
    }
}
