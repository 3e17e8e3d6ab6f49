using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Tests.Engine;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// The crash matrix through the real engine: it dies at every <see cref="RotationFaultPoint"/> of the protocol; a fresh
/// engine on a fresh client, given only the version id, finishes the same rotation with exactly one new version and no
/// new password. While stranded, the server accepts AWSCURRENT's credentials, or in single user's window (password
/// changed, label not yet moved) AWSPENDING's.
/// </summary>
public sealed class PostgreSqlEngineCrashTests(TestbedFixture testbed)
{
    private static readonly RotationFaultPoint[] Points = CrashMatrix.Points;

    public static TheoryData<RotationFaultPoint> Crashes => new(Points);

    [Fact]
    public void The_matrix_covers_every_fault_point_of_the_four_step_protocol() =>
        Points.Should().BeEquivalentTo(Enum.GetValues<RotationFaultPoint>().Where(p => p != RotationFaultPoint.AfterRotateSecret));

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task Single_user_resumes_after_a_crash(RotationFaultPoint point)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("crash-single", withAdmin: false);

        var (version, fresh) = await CrashAsync(scenario, scenario.SingleUser(), secret, point);

        var passwordChanged = point != RotationFaultPoint.AfterCreateSecret;
        (await scenario.CanLogInAsync(fresh)).Should().Be(passwordChanged);
        (await scenario.CanLogInAsync(app)).Should().Be(!passwordChanged);
        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().Be(
            !passwordChanged || CrashMatrix.CurrentMoved(point), "AWSCURRENT works except in the window between setSecret and the label move");

        await ResumeAsync(scenario, scenario.SingleUser(), secret, version, point);

        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(fresh);
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Crashes))]
    public async Task Alternating_users_resume_after_a_crash_with_AWSCURRENT_working_throughout(RotationFaultPoint point)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("crash-alternating", withAdmin: true);

        var (version, fresh) = await CrashAsync(scenario, scenario.AlternatingUsers(), secret, point);

        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().BeTrue();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the current user is never touched");
        fresh.UserName.Should().Be(app.UserName + "_clone");
        (await scenario.Server.StringsAsync("SELECT rolname::text FROM pg_roles WHERE rolname = $1", fresh.UserName))
            .Should().HaveCount(point == RotationFaultPoint.AfterCreateSecret ? 0 : 1, "setSecret creates the clone in one transaction");

        await ResumeAsync(scenario, scenario.AlternatingUsers(), secret, version, point);

        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(fresh);
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the previous user keeps working");
    }

    /// <summary>Starts a rotation that dies at <paramref name="point"/>; returns its version id and the credentials it stored.</summary>
    private static async Task<(string VersionId, PostgreSqlCredentials Fresh)> CrashAsync(
        PostgreSqlScenario scenario, IRotationStrategy strategy, SecretVersionReference secret, RotationFaultPoint point)
    {
        var crash = new CrashAt(point);

        var run = () => scenario.NewEngine(crash).RunAsync(scenario.Request(secret.Name), strategy, PostgreSqlScenario.Token);

        (await run.Should().ThrowAsync<SimulatedCrashException>()).Which.Point.Should().Be(point);
        var version = crash.VersionId!;
        var stages = await scenario.Moto.StagesAsync(secret.Name);
        stages[version].Contains(SecretVersionStages.Current).Should().Be(CrashMatrix.CurrentMoved(point));
        stages[version].Contains(SecretVersionStages.Pending).Should().Be(point != RotationFaultPoint.AfterFinishSecret);
        if (!CrashMatrix.CurrentMoved(point))
        {
            // Without the version id, the stranded rotation belongs to someone else.
            var blind = await scenario.RotateAsync(strategy, secret.Name);
            blind.Reason.Should().Be(RotationReasons.RotationInProgress);
        }

        return (version, await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ById(version)));
    }

    /// <summary>A fresh engine on a fresh client resumes <paramref name="version"/> and must finish it without a new password.</summary>
    private static async Task ResumeAsync(
        PostgreSqlScenario scenario, IRotationStrategy strategy, SecretVersionReference secret, string version, RotationFaultPoint point)
    {
        var issued = scenario.Passwords.Issued.Count;
        using var http = new HttpClient();

        var outcome = await scenario.FreshEngine(http).RunAsync(scenario.Request(secret.Name, version), strategy, PostgreSqlScenario.Token);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.VersionId.Should().Be(version);
        outcome.Reason.Should().Be(CrashMatrix.CurrentMoved(point) ? RotationReasons.AlreadyCurrent : RotationReasons.Rotated);
        scenario.Passwords.Issued.Should().HaveCount(issued, "the resumed run uses the pending value stored before the crash");
        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
    }
}
