using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// The operator dies after each step; a fresh strategy resumes with the same version id and must finish with exactly one
/// new version. At each stop, AWSCURRENT works on the server, except in single user's documented window between
/// setSecret and finishSecret, where only AWSPENDING does.
/// </summary>
public sealed class MySqlRotationCrashTests(TestbedFixture testbed)
{
    private static readonly CrashPoint[] CrashPoints =
        [CrashPoint.AfterCreateSecret, CrashPoint.AfterSetSecret, CrashPoint.AfterTestSecret, CrashPoint.AfterCurrentLabelMoved];

    public static TheoryData<string, CrashPoint> Crashes
    {
        get
        {
            var data = new TheoryData<string, CrashPoint>();
            foreach (var flavor in new[] { "mariadb", "mysql" })
            {
                foreach (var crash in CrashPoints)
                {
                    data.Add(flavor, crash);
                }
            }

            return data;
        }
    }

    public static TheoryData<CrashPoint> MySqlCrashes => new(CrashPoints);

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task Single_user_resumes_after_a_crash(string flavor, CrashPoint crash)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(["%"]);
        var secret = await scenario.CreateSecretAsync("crash-single", scenario.AppSecret(app));
        var version = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, version, crash)).Should().BeFalse();

        var current = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(version, SecretVersionStages.Pending));
        var passwordChanged = crash != CrashPoint.AfterCreateSecret;
        var labelMoved = crash == CrashPoint.AfterCurrentLabelMoved;
        (await scenario.CanLogInAsync(pending)).Should().Be(passwordChanged);
        (await scenario.CanLogInAsync(app)).Should().Be(!passwordChanged);
        (await scenario.CanLogInAsync(current)).Should().Be(
            !passwordChanged || labelMoved,
            "AWSCURRENT works except between setSecret and finishSecret, the documented window where only AWSPENDING does");

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, version)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(pending);
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(MySqlCrashes))]
    public async Task Single_user_with_dual_passwords_resumes_after_a_crash_with_AWSCURRENT_working_throughout(CrashPoint crash)
    {
        await using var scenario = RotationScenario.Start(testbed, "mysql", tls: true);
        scenario.Settings = scenario.Settings with { DualPassword = true };
        var app = await scenario.CreateAppUserAsync(["%"], dualPasswordPrivilege: true);
        var secret = await scenario.CreateSecretAsync("crash-dual", scenario.AppSecret(app));
        var version = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, version, crash)).Should().BeFalse();

        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().BeTrue();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the old password is retained");

        (await scenario.RunAsync(scenario.SingleUser(), secret.Name, version)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
        (await scenario.CanLogInAsync(app)).Should().BeTrue("retained until discarded");
    }

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task Alternating_users_resume_after_a_crash_with_AWSCURRENT_working_throughout(string flavor, CrashPoint crash)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(["%", "localhost"]);
        var secret = await scenario.CreateSecretAsync("crash-alternating", scenario.AppSecret(app, adminSecret.Arn));
        var version = RotationScenario.NewVersionId();

        (await scenario.RunAsync(scenario.AlternatingUsers(), secret.Name, version, crash)).Should().BeFalse();

        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().BeTrue();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the current user is never touched");
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(version, SecretVersionStages.Pending));
        (await scenario.Server.RawHostsAsync(pending.UserName)).Should().HaveCount(crash == CrashPoint.AfterCreateSecret ? 0 : 2);

        (await scenario.RunAsync(scenario.AlternatingUsers(), secret.Name, version)).Should().BeTrue();

        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(pending);
        await MySqlCloneTests.ShouldMatchAsync(scenario.Server, app.UserName, pending.UserName, "%", "localhost");
        (await scenario.CanLogInAsync(app)).Should().BeTrue();
    }
}
