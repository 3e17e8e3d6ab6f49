using FluentAssertions;
using Rotator.Rotation.Engine;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Tests.Engine;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// With <c>log_statement = 'all'</c> the server logs every statement, password-setting ones included. After rotations of
/// both strategies (a restore and rollbacks among them), the log holds the verifiers Rotator sent and none of the
/// passwords: not one of those the scenario made, nor any version's password that Secrets Manager holds.
/// </summary>
public sealed class PostgreSqlStatementLogTests(TestbedFixture testbed)
{
    [Fact]
    public async Task No_password_reaches_the_server_log()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (single, singleSecret) = await scenario.AppWithSecretAsync("log-single", withAdmin: false);
        var (pair, pairSecret) = await scenario.AppWithSecretAsync("log-alternating", withAdmin: true);
        var adminSecretId = (string)(await scenario.Moto.JsonAsync(pairSecret.Name, Rotator.Rotation.Aws.SecretsManager.SecretVersionSelector.Current))["masterarn"]!;

        await scenario.RotatedAsync(scenario.SingleUser(), singleSecret.Name);
        var failed = await scenario.RotateAsync(new FailingTestStrategy(scenario.SingleUser(), failures: 1), singleSecret.Name);
        failed.Result.Should().Be(RotationResult.Failed, "testSecret fails once, so restore sets the current password back");
        (await scenario.RotateAsync(scenario.SingleUser(), singleSecret.Name, failed.VersionId)).Result.Should().Be(RotationResult.Succeeded);
        (await new RotationRollback(scenario.Secrets).RunAsync(new RollbackRequest { SecretId = singleSecret.Name }, scenario.SingleUser(), PostgreSqlScenario.Token))
            .Result.Should().Be(RotationResult.Succeeded);
        for (var i = 0; i < 3; i++)
        {
            await scenario.RotatedAsync(scenario.AlternatingUsers(), pairSecret.Name);
        }

        (await new RotationRollback(scenario.Secrets).RunAsync(new RollbackRequest { SecretId = pairSecret.Name }, scenario.AlternatingUsers(), PostgreSqlScenario.Token))
            .Result.Should().Be(RotationResult.Succeeded);

        var log = await scenario.Server.LogAsync();
        log.Should().Contain($"ALTER ROLE {PostgreSqlSyntax.Identifier(single.UserName)} PASSWORD 'SCRAM-SHA-256$4096:", "log_statement = 'all' logged the password changes");
        log.Should().Contain($"CREATE ROLE {PostgreSqlSyntax.Identifier(pair.UserName + "_clone")} WITH LOGIN");
        var held = new List<string>();
        foreach (var id in new[] { singleSecret.Name, pairSecret.Name, adminSecretId })
        {
            held.AddRange(await scenario.Moto.AllPasswordsAsync(id));
        }

        held.Count.Should().Be(8, "every version of the three secrets: 3 single user (a rollback makes none), 4 alternating, 1 admin");
        foreach (var password in held.Concat(scenario.Passwords.Issued).Distinct())
        {
            log.Should().NotContain(password, "no password may reach the server, so none can reach its log");
        }

        scenario.ShouldNotLeak(log);
    }
}
