using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.Engine;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// The crash matrix through the real engine: it dies at every <see cref="RotationFaultPoint"/> of the protocol (after each
/// step, and inside finishSecret between the target change and the label moves); a fresh engine on a fresh client,
/// given only the version id, finishes the same rotation with exactly one new version. While stranded, the server
/// accepts AWSCURRENT's credentials, or in single user's documented window (the password changed, the label not yet
/// moved) AWSPENDING's.
/// </summary>
public sealed class MySqlEngineCrashTests(TestbedFixture testbed)
{
    private static readonly RotationFaultPoint[] Points = CrashMatrix.Points;

    public static TheoryData<string, RotationFaultPoint> Crashes
    {
        get
        {
            var data = new TheoryData<string, RotationFaultPoint>();
            foreach (var flavor in new[] { "mariadb", "mysql" })
            {
                foreach (var point in Points)
                {
                    data.Add(flavor, point);
                }
            }

            return data;
        }
    }

    public static TheoryData<RotationFaultPoint> MySqlCrashes => new(Points);

    [Fact]
    public void The_matrix_covers_every_fault_point_of_the_four_step_protocol() =>
        Points.Should().BeEquivalentTo(Enum.GetValues<RotationFaultPoint>().Where(p => p != RotationFaultPoint.AfterRotateSecret));

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task Single_user_resumes_after_a_crash(string flavor, RotationFaultPoint point)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(["%"]);
        var secret = await scenario.CreateSecretAsync("engine-crash-single", scenario.AppSecret(app));

        var (version, fresh) = await CrashAsync(scenario, scenario.SingleUser(), secret, point);

        var current = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        var passwordChanged = point != RotationFaultPoint.AfterCreateSecret;
        var labelMoved = CrashMatrix.CurrentMoved(point);
        (await scenario.CanLogInAsync(fresh)).Should().Be(passwordChanged);
        (await scenario.CanLogInAsync(app)).Should().Be(!passwordChanged);
        (await scenario.CanLogInAsync(current)).Should().Be(
            !passwordChanged || labelMoved, "AWSCURRENT works except in the window between setSecret and the label move");
        if (passwordChanged && !labelMoved)
        {
            var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(version, SecretVersionStages.Pending));
            (await scenario.CanLogInAsync(pending)).Should().BeTrue("in the window, AWSPENDING is the credential that works");
        }

        await ResumeAsync(scenario, scenario.SingleUser(), secret, version, point);

        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(fresh);
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(MySqlCrashes))]
    public async Task Single_user_with_dual_passwords_resumes_after_a_crash_with_AWSCURRENT_working_throughout(RotationFaultPoint point)
    {
        await using var scenario = RotationScenario.Start(testbed, "mysql", tls: true);
        scenario.Settings = scenario.Settings with { DualPassword = true };
        var app = await scenario.CreateAppUserAsync(["%"], dualPasswordPrivilege: true);
        var secret = await scenario.CreateSecretAsync("engine-crash-dual", scenario.AppSecret(app));

        var (version, fresh) = await CrashAsync(scenario, scenario.SingleUser(), secret, point);

        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().BeTrue();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the old password is retained");
        (await scenario.CanLogInAsync(fresh)).Should().Be(point != RotationFaultPoint.AfterCreateSecret);

        await ResumeAsync(scenario, scenario.SingleUser(), secret, version, point);

        (await scenario.CanLogInAsync(app)).Should().BeTrue("retained until discarded");
    }

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task Alternating_users_resume_after_a_crash_with_AWSCURRENT_working_throughout(string flavor, RotationFaultPoint point)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("engine-crash-admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(["%", "localhost"]);
        var secret = await scenario.CreateSecretAsync("engine-crash-alternating", scenario.AppSecret(app, adminSecret.Arn));

        var (version, fresh) = await CrashAsync(scenario, scenario.AlternatingUsers(), secret, point);

        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().BeTrue();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the current user is never touched");
        fresh.UserName.Should().Be(app.UserName + "_clone");
        (await scenario.Server.RawHostsAsync(fresh.UserName)).Should().HaveCount(point == RotationFaultPoint.AfterCreateSecret ? 0 : 2);

        await ResumeAsync(scenario, scenario.AlternatingUsers(), secret, version, point);

        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(fresh);
        await MySqlCloneTests.ShouldMatchAsync(scenario.Server, app.UserName, fresh.UserName, "%", "localhost");
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the previous user keeps working");
    }

    /// <summary>Starts a rotation that dies at <paramref name="point"/>; returns its version id and the credentials it stored.</summary>
    private static async Task<(string VersionId, MySqlCredentials Fresh)> CrashAsync(
        RotationScenario scenario, IRotationStrategy strategy, SecretVersionReference secret, RotationFaultPoint point)
    {
        var crash = new CrashAt(point);

        var run = () => scenario.NewEngine(crash).RunAsync(scenario.Request(secret.Name), strategy, RotationScenario.Token);

        (await run.Should().ThrowAsync<SimulatedCrashException>()).Which.Point.Should().Be(point);
        var version = crash.VersionId!;
        version.Should().NotBeNullOrEmpty();
        var stages = await scenario.StagesAsync(secret.Name);
        stages.Should().ContainKey(version);
        stages[version].Contains(SecretVersionStages.Current).Should().Be(CrashMatrix.CurrentMoved(point));
        stages[version].Contains(SecretVersionStages.Pending).Should().Be(point != RotationFaultPoint.AfterFinishSecret);
        stages[secret.VersionId!].Contains(SecretVersionStages.Current).Should().Be(!CrashMatrix.CurrentMoved(point));
        if (!CrashMatrix.CurrentMoved(point))
        {
            // Without the version id, the stranded rotation belongs to someone else.
            var blind = await scenario.RotateAsync(strategy, secret.Name);
            blind.Result.Should().Be(RotationResult.Refused);
            blind.Reason.Should().Be(RotationReasons.RotationInProgress);
        }

        return (version, await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ById(version)));
    }

    /// <summary>A fresh engine on a fresh client resumes <paramref name="version"/> and must finish it without a new password.</summary>
    private static async Task ResumeAsync(
        RotationScenario scenario, IRotationStrategy strategy, SecretVersionReference secret, string version, RotationFaultPoint point)
    {
        var issued = scenario.Passwords.Issued.Count;
        using var http = new HttpClient();

        var outcome = await scenario.FreshEngine(http).RunAsync(scenario.Request(secret.Name, version), strategy, RotationScenario.Token);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.VersionId.Should().Be(version);
        outcome.Reason.Should().Be(CrashMatrix.CurrentMoved(point) ? RotationReasons.AlreadyCurrent : RotationReasons.Rotated);
        scenario.Passwords.Issued.Should().HaveCount(issued, "the resumed run uses the pending value stored before the crash");
        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
    }
}
