using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// A rotation cancelled (the operator stopping, its lease lost) while the server is changing the account: the change
/// runs to its end, the cancellation stops the rotation at the next step, and what was changed is recorded, as the
/// AWSPENDING value, before the change was sent; resuming that version finishes the rotation with no new password.
/// </summary>
public sealed class MySqlEngineCancellationTests(TestbedFixture testbed)
{
    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_single_user_rotation_cancelled_during_its_password_change_is_recorded_and_resumes(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var app = await scenario.CreateAppUserAsync(MySqlRefusalDriver.AnyHost);
        var secret = await scenario.CreateSecretAsync("cancel-single", scenario.AppSecret(app));

        var run = await GrantTableLock.CancelWhileBlockedAsync(
            scenario.Server, app.UserName, ct => scenario.NewEngine().RunAsync(scenario.Request(secret.Name), scenario.SingleUser(), ct));

        await run.Awaiting(r => r).Should().ThrowAsync<OperationCanceledException>("the rotation stops at testSecret");
        var stages = await scenario.StagesAsync(secret.Name);
        var version = stages.Single(s => s.Value.Contains(SecretVersionStages.Pending)).Key;
        stages[secret.VersionId!].Should().Contain(SecretVersionStages.Current);
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(version, SecretVersionStages.Pending));
        (await scenario.CanLogInAsync(pending)).Should().BeTrue("the change finished, and AWSPENDING holds its password");
        (await scenario.CanLogInAsync(app)).Should().BeFalse();

        var issued = scenario.Passwords.Issued.Count;
        var outcome = await scenario.NewEngine().RunAsync(scenario.Request(secret.Name, version), scenario.SingleUser(), RotationScenario.Token);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        scenario.Passwords.Issued.Should().HaveCount(issued, "the resumed run uses the recorded password");
        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, version);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task An_alternating_rotation_cancelled_while_it_changes_the_clone_is_recorded_and_resumes(string flavor)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("cancel-admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(["%", "localhost"]);
        var secret = await scenario.CreateSecretAsync("cancel-alternating", scenario.AppSecret(app, adminSecret.Arn));
        var clone = app.UserName + MySqlCloneNames.Suffix;

        // Two rotations first: the clone exists with an old password on both hosts, and is the user this one changes.
        var first = await scenario.RotateAsync(scenario.AlternatingUsers(), secret.Name);
        first.Result.Should().Be(RotationResult.Succeeded, first.Message);
        var back = await scenario.RotateAsync(scenario.AlternatingUsers(), secret.Name);
        back.Result.Should().Be(RotationResult.Succeeded, back.Message);
        var before = await scenario.AllVersionIdsAsync(secret.Name);
        var current = (await scenario.StagesAsync(secret.Name)).Single(s => s.Value.Contains(SecretVersionStages.Current)).Key;
        var oldClone = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Previous);
        oldClone.UserName.Should().Be(clone);
        var currentUser = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);

        var run = await GrantTableLock.CancelWhileBlockedAsync(
            scenario.Server, clone, ct => scenario.NewEngine().RunAsync(scenario.Request(secret.Name), scenario.AlternatingUsers(), ct));

        await run.Awaiting(r => r).Should().ThrowAsync<OperationCanceledException>();
        var version = (await scenario.StagesAsync(secret.Name)).Single(s => s.Value.Contains(SecretVersionStages.Pending)).Key;
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(version, SecretVersionStages.Pending));
        pending.UserName.Should().Be(clone);
        (await scenario.CanLogInAsync(currentUser)).Should().BeTrue("the current user is never touched");

        var outcome = await scenario.NewEngine().RunAsync(scenario.Request(secret.Name, version), scenario.AlternatingUsers(), RotationScenario.Token);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        await scenario.ShouldHaveRotatedAsync(secret.Name, before, current, version);
        await MySqlCloneTests.ShouldMatchAsync(scenario.Server, app.UserName, clone, "%", "localhost");
        (await scenario.CanLogInAsync(oldClone)).Should().BeFalse("the clone has one password, AWSCURRENT's, on every host");
    }
}
