using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Tests.Engine;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// The crash matrix: the engine dies after each step and between the directory change and the label moves; a fresh
/// engine and strategy given only the version id finish the same rotation with one new version. At every stop a
/// password in AWSCURRENT or AWSPENDING binds. The window: from setSecret until AWSCURRENT moves (crashes after
/// setSecret, after testSecret, before the label move) only AWSPENDING's password binds, because ResetUserPassword
/// replaces the old one at once; before setSecret and after the move, AWSCURRENT's does.
/// </summary>
public sealed class DirectoryServiceAdminCrashTests(TestbedFixture testbed)
{
    public static TheoryData<RotationFaultPoint> Points => new(
        RotationFaultPoint.AfterCreateSecret,
        RotationFaultPoint.AfterSetSecret,
        RotationFaultPoint.AfterTestSecret,
        RotationFaultPoint.BeforeLabelMove,
        RotationFaultPoint.AfterCurrentMoved,
        RotationFaultPoint.AfterFinishSecret);

    [Theory]
    [MemberData(nameof(Points))]
    public async Task A_fresh_engine_finishes_a_rotation_that_crashed(RotationFaultPoint point)
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var secret = await scenario.CreateSecretAsync($"crash-{point}", scenario.PlainSecret());
        var crash = new CrashAt(point);

        var crashed = () => scenario.Engine(crash).RunAsync(scenario.Request(secret.Name), scenario.Strategy(), DirectoryScenario.Token);

        await crashed.Should().ThrowAsync<SimulatedCrashException>();
        var versionId = crash.VersionId!;
        var pending = scenario.Passwords.Issued.Single();
        var directoryChanged = point != RotationFaultPoint.AfterCreateSecret;
        var currentMoved = point is RotationFaultPoint.AfterCurrentMoved or RotationFaultPoint.AfterFinishSecret;
        var current = (await scenario.JsonAsync(secret.Name, SecretVersionSelector.Current))["password"]!.GetValue<string>();
        current.Should().Be(currentMoved ? pending : scenario.User.Password);
        (await scenario.BindAsync(current)).Should().Be(
            !directoryChanged || currentMoved ? LdapBindOutcome.Success : LdapBindOutcome.InvalidCredentials,
            "AWSCURRENT binds except in the documented window between setSecret and the label move");
        (await scenario.BindAsync(pending)).Should().Be(
            directoryChanged ? LdapBindOutcome.Success : LdapBindOutcome.InvalidCredentials,
            "AWSPENDING binds once setSecret ran, so some stored credential always works");

        var passwordsBefore = scenario.Passwords.Issued.Count;
        // A new engine and a new strategy: nothing but the version id carries over.
        var outcome = await scenario.RunAsync(secret.Name, versionId, scenario.Strategy());

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        outcome.VersionId.Should().Be(versionId);
        scenario.Passwords.Issued.Count.Should().Be(passwordsBefore, "the pending value stored before the crash is the one that becomes current");
        var state = await ObservedSecret.ReadAsync(testbed.Moto, secret.Name);
        state.VersionCount.Should().Be(2, "exactly one new version");
        state.CurrentVersionId.Should().Be(versionId);
        (await DirectoryServiceAdminRotationTests.ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, versionId, "password")).Should().Be(pending);
        scenario.ShouldNotLeak(outcome);
    }
}
