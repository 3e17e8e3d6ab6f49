using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>MySQLAlternatingUsers end to end: moto plus MariaDB and MySQL, plain and VerifyCA, with a dedicated admin user.</summary>
public sealed class MySqlAlternatingUsersStrategyTests(TestbedFixture testbed)
{
    private static readonly string[] Hosts = ["%", "localhost"];

    public static TheoryData<string, bool> Transports => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Flips_to_the_clone_and_back_with_the_grants_on_every_host_and_the_previous_user_working(string flavor, bool tls)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(Hosts);
        var clone = app.UserName + "_clone";
        var secret = await scenario.CreateSecretAsync("alternating", scenario.AppSecret(app, masterArn: adminSecret.Arn));
        var first = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.AlternatingUsers(), secret.Name, first)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, first);
        var cloneCredentials = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        cloneCredentials.UserName.Should().Be(clone);
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the previous user keeps working until the next rotation's setSecret");
        (await scenario.Server.RawHostsAsync(clone)).Should().Equal("%", "localhost");
        await MySqlCloneTests.ShouldMatchAsync(scenario.Server, app.UserName, clone, Hosts);
        var cloneGrants = await scenario.Server.NormalisedGrantsAsync(clone, "%");
        cloneGrants.Should().Contain(g => g.Contains("WITH GRANT OPTION", StringComparison.Ordinal));
        cloneGrants.Should().Contain(g => g.Contains("`rr_", StringComparison.Ordinal), "the role is copied");
        if (scenario.Server.IsMySql)
        {
            cloneGrants.Should().Contain("GRANT SYSTEM_VARIABLES_ADMIN ON *.* TO <grantee>");
        }

        (await scenario.Server.AccountOptionsAsync(clone, "%")).Should().Contain(tls ? "SslType = ANY" : "SslType = ,").And.Contain("MaxUserConnections = 20");

        // The pair must not drift: what the current user lost, the next one must not keep.
        await scenario.Server.ExecAsync(q => [$"REVOKE INSERT ON `rt_strat_db`.* FROM {q.Account(clone, "%")}"]);
        var second = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.AlternatingUsers(), secret.Name, second)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!, first], first, second);
        var back = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        back.UserName.Should().Be(app.UserName);
        (await scenario.CanLogInAsync(app)).Should().BeFalse("the second setSecret gave the original user a new password");
        (await scenario.CanLogInAsync(cloneCredentials)).Should().BeTrue("the clone is the previous user now and keeps working");
        await MySqlCloneTests.ShouldMatchAsync(scenario.Server, clone, app.UserName, Hosts);
        (await scenario.Server.NormalisedGrantsAsync(app.UserName, "%")).Should().NotContain(g => g.Contains("INSERT", StringComparison.Ordinal));
        (await scenario.CanLogInAsync(admin)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Takes_the_admin_secret_from_the_resource_when_the_secret_has_no_masterarn(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        scenario.Settings = scenario.Settings with { MasterSecretId = adminSecret.Name };
        var app = await scenario.CreateAppUserAsync(Hosts);
        var secret = await scenario.CreateSecretAsync("alternating-setting", scenario.AppSecret(app));
        var version = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.AlternatingUsers(), secret.Name, version)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).UserName.Should().Be(app.UserName + "_clone");
        (await scenario.JsonAsync(secret.Name, SecretVersionSelector.Current)).ContainsKey("masterarn").Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Restore_after_a_failed_test_leaves_the_current_user_alone(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(Hosts);
        var secret = await scenario.CreateSecretAsync("alternating-restore", scenario.AppSecret(app, adminSecret.Arn));
        var version = RotationScenario.NewVersionId();
        var faulty = new ProbeFaultInjectingMySqlTarget(MySqlTestServer.Target(), c => c.UserName == app.UserName + "_clone");

        var run = () => scenario.RunAsync(new MySqlAlternatingUsersStrategy(faulty, scenario.Settings), secret.Name, version);

        var error = (await run.Should().ThrowAsync<RotationTestFailedException>()).Which;
        error.Reason.Should().Be(MySqlRotationReasons.PendingCredentialsRejected);
        scenario.ShouldNotLeak(error);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();
        (await scenario.RunAsync(scenario.AlternatingUsers(), secret.Name, version)).Should().BeTrue();
        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
    }
}
