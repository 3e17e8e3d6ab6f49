using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>Rolling back to AWSPREVIOUS against MariaDB and moto: the password set back, the labels moved once, crashes resumed.</summary>
public sealed class RotationRollbackTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Single_user_rollback_killed_after_setting_the_password_back_resumes_and_a_replay_changes_nothing()
    {
        await using var scenario = RotationScenario.Start(testbed, "mariadb", tls: false);
        var app = await scenario.CreateAppUserAsync(["%"]);
        var secret = await scenario.CreateSecretAsync("rollback-single", scenario.AppSecret(app));
        var rotated = await scenario.RotateAsync(scenario.SingleUser(), secret.Name);
        rotated.Result.Should().Be(RotationResult.Succeeded);
        var fresh = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        var request = new RollbackRequest { SecretId = secret.Name, FromVersionId = rotated.VersionId, ToVersionId = secret.VersionId };
        var rollback = new RotationRollback(scenario.Secrets);

        var crash = () => rollback.RunAsync(request, new CrashingAfterSetStrategy(scenario.SingleUser()), RotationScenario.Token);
        await crash.Should().ThrowAsync<SimulatedCrashException>();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("the previous password was set back before the crash");
        (await scenario.CanLogInAsync(fresh)).Should().BeFalse();
        (await scenario.StagesAsync(secret.Name))[rotated.VersionId!].Should().Contain(SecretVersionStages.Current, "the labels had not moved yet");

        var resumed = await rollback.RunAsync(request with { Resuming = true }, scenario.SingleUser(), RotationScenario.Token);
        resumed.Result.Should().Be(RotationResult.Succeeded, resumed.Message);
        resumed.Reason.Should().Be(RotationReasons.RolledBack);
        resumed.VersionId.Should().Be(secret.VersionId);
        resumed.Current!.VersionId.Should().Be(secret.VersionId, "the caller mirrors the restored value without reading it back");
        var stages = await scenario.StagesAsync(secret.Name);
        stages[secret.VersionId!].Should().Contain(SecretVersionStages.Current);
        stages[rotated.VersionId!].Should().Contain(SecretVersionStages.Previous, "AWS hands AWSPREVIOUS to the version rolled away from");
        (await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current)).Should().Be(app);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();

        var replay = await rollback.RunAsync(request with { Resuming = true }, scenario.SingleUser(), RotationScenario.Token);
        replay.Result.Should().Be(RotationResult.Succeeded);
        replay.Reason.Should().Be(RotationReasons.AlreadyCurrent, "a retried rollback never rolls back twice");
        (await scenario.StagesAsync(secret.Name)).Should().BeEquivalentTo(stages);
        (await scenario.CanLogInAsync(app)).Should().BeTrue();
    }

    [Fact]
    public async Task Alternating_users_rollback_is_refused_when_the_previous_user_no_longer_logs_in_and_nothing_moves()
    {
        await using var scenario = RotationScenario.Start(testbed, "mariadb", tls: false);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("rollback-admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(["%"]);
        var secret = await scenario.CreateSecretAsync("rollback-alt", scenario.AppSecret(app, adminSecret.Arn));
        var rotated = await scenario.RotateAsync(scenario.AlternatingUsers(), secret.Name);
        rotated.Result.Should().Be(RotationResult.Succeeded, rotated.Message);
        await scenario.Server.ExecAsync(q => [$"ALTER USER {q.Account(app.UserName, "%")} IDENTIFIED BY {q.Literal(scenario.Passwords.NewPassword())}"]);
        var before = await scenario.StagesAsync(secret.Name);

        var outcome = await new RotationRollback(scenario.Secrets).RunAsync(
            new RollbackRequest { SecretId = secret.Name }, scenario.AlternatingUsers(), RotationScenario.Token);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(RotationReasons.PreviousCredentialRejected);
        outcome.Message.Should().Contain(secret.VersionId).And.Contain("nothing was changed");
        (await scenario.StagesAsync(secret.Name)).Should().BeEquivalentTo(before);
        scenario.Passwords.Issued.Should().NotContain(p => outcome.Message.Contains(p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_database_refuses_a_new_rollback_and_fails_a_resumed_one_so_it_is_retried()
    {
        await using var scenario = RotationScenario.Start(testbed, "mariadb", tls: false);
        var app = await scenario.CreateAppUserAsync(["%"]);
        var unreachable = scenario.AppSecret(app);
        unreachable["port"] = RotationScenario.ClosedPort();
        var secret = await scenario.CreateSecretAsync("rollback-down", unreachable);
        unreachable["password"] = scenario.Passwords.NewPassword();
        var put = await scenario.Secrets.PutSecretValueAsync(secret.Name, SecretPayload.FromString(unreachable.ToJsonString()), null, RotationScenario.NewVersionId(), RotationScenario.Token);
        var before = await scenario.StagesAsync(secret.Name);
        var down = scenario.SingleUser();
        var request = new RollbackRequest { SecretId = secret.Name, FromVersionId = put.VersionId, ToVersionId = secret.VersionId };

        var fresh = await new RotationRollback(scenario.Secrets).RunAsync(request, down, RotationScenario.Token);
        var resumed = await new RotationRollback(scenario.Secrets).RunAsync(request with { Resuming = true }, down, RotationScenario.Token);

        fresh.Result.Should().Be(RotationResult.Refused, "nothing was changed, so the request ends with its reason");
        resumed.Result.Should().Be(RotationResult.Failed, "an earlier attempt may have set the password back: keep retrying");
        (await scenario.StagesAsync(secret.Name)).Should().BeEquivalentTo(before);
    }
}
