using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Tests.Engine;
using Rotator.Rotation.Tests.Strategies.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>A failed testSecret puts AWSCURRENT's password back; rolling back to AWSPREVIOUS sets (single user) or proves (alternating) the old credential, crashes included.</summary>
public sealed class PostgreSqlRestoreAndRollbackTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Single_user_restores_the_current_password_when_testSecret_fails_and_a_retry_finishes()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("restore-single", withAdmin: false);
        var failing = new FailingTestStrategy(scenario.SingleUser(), failures: 1);

        var outcome = await scenario.RotateAsync(failing, secret.Name);

        outcome.Result.Should().Be(RotationResult.Failed);
        outcome.FailedStep.Should().Be(RotationStepNames.TestSecret);
        outcome.Message.Should().Contain("AWSPENDING kept");
        failing.RestoreCalls.Should().Be(1);
        var pending = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.ByIdAndStage(outcome.VersionId!, SecretVersionStages.Pending));
        (await scenario.CanLogInAsync(app)).Should().BeTrue("restore put the AWSCURRENT password back");
        (await scenario.CanLogInAsync(pending)).Should().BeFalse();

        var retried = await scenario.RotateAsync(failing, secret.Name, outcome.VersionId);

        retried.Result.Should().Be(RotationResult.Succeeded, retried.Message);
        (await scenario.CanLogInAsync(pending)).Should().BeTrue();
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    [Fact]
    public async Task Alternating_users_leave_the_current_user_alone_when_testSecret_fails()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("restore-alternating", withAdmin: true);

        var outcome = await scenario.RotateAsync(new FailingTestStrategy(scenario.AlternatingUsers(), failures: 1), secret.Name);

        outcome.Result.Should().Be(RotationResult.Failed);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();
        (await scenario.Secrets.GetSecretValueAsync(secret.Name, SecretVersionSelector.Current, PostgreSqlScenario.Token)).VersionId.Should().Be(secret.VersionId);
    }

    [Fact]
    public async Task Single_user_rollback_killed_after_setting_the_password_back_resumes_and_a_replay_changes_nothing()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("rollback-single", withAdmin: false);
        var rotated = await scenario.RotatedAsync(scenario.SingleUser(), secret.Name);
        var fresh = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        var request = new RollbackRequest { SecretId = secret.Name, FromVersionId = rotated, ToVersionId = secret.VersionId };
        var rollback = new RotationRollback(scenario.Secrets);

        var crash = () => rollback.RunAsync(request, new CrashingAfterSetStrategy(scenario.SingleUser()), PostgreSqlScenario.Token);
        await crash.Should().ThrowAsync<SimulatedCrashException>();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the previous password was set back before the crash");
        (await scenario.CanLogInAsync(fresh)).Should().BeFalse();

        var resumed = await rollback.RunAsync(request with { Resuming = true }, scenario.SingleUser(), PostgreSqlScenario.Token);

        resumed.Result.Should().Be(RotationResult.Succeeded, resumed.Message);
        resumed.Reason.Should().Be(RotationReasons.RolledBack);
        var stages = await scenario.Moto.StagesAsync(secret.Name);
        stages[secret.VersionId!].Should().Contain(SecretVersionStages.Current);
        stages[rotated].Should().Contain(SecretVersionStages.Previous);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(app);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();

        var replay = await rollback.RunAsync(request with { Resuming = true }, scenario.SingleUser(), PostgreSqlScenario.Token);
        replay.Reason.Should().Be(RotationReasons.AlreadyCurrent, "a retried rollback never rolls back twice");
        (await scenario.Moto.StagesAsync(secret.Name)).Should().BeEquivalentTo(stages);
    }

    [Fact]
    public async Task Alternating_users_roll_back_to_the_previous_user_which_still_works_and_refuse_when_it_does_not()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (app, secret) = await scenario.AppWithSecretAsync("rollback-alternating", withAdmin: true);
        var rotated = await scenario.RotatedAsync(scenario.AlternatingUsers(), secret.Name);

        var back = await new RotationRollback(scenario.Secrets).RunAsync(new RollbackRequest { SecretId = secret.Name }, scenario.AlternatingUsers(), PostgreSqlScenario.Token);

        back.Result.Should().Be(RotationResult.Succeeded, back.Message);
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(app);
        (await scenario.Moto.StagesAsync(secret.Name))[rotated].Should().Contain(SecretVersionStages.Previous);

        // Now the clone is AWSPREVIOUS; break it and roll back again: refused, nothing moves.
        var clone = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Previous);
        await scenario.Server.ExecAsync($"ALTER ROLE {PostgreSqlSyntax.Identifier(clone.UserName)} PASSWORD {PostgreSqlSyntax.Literal(PostgreSqlPasswordVerifier.Scram(scenario.Passwords.NewPassword()))}");
        var before = await scenario.Moto.StagesAsync(secret.Name);

        var refused = await new RotationRollback(scenario.Secrets).RunAsync(new RollbackRequest { SecretId = secret.Name }, scenario.AlternatingUsers(), PostgreSqlScenario.Token);

        refused.Result.Should().Be(RotationResult.Refused);
        refused.Reason.Should().Be(RotationReasons.PreviousCredentialRejected);
        (await scenario.Moto.StagesAsync(secret.Name)).Should().BeEquivalentTo(before);
        scenario.ShouldNotLeak(refused.Message);
    }
}
