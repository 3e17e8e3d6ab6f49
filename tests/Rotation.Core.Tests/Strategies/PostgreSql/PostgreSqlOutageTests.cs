using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// A PostgreSQL of its own, stopped with the test bed's fault injection: a rotation that cannot reach it changes nothing,
/// and one whose server goes away after setSecret fails without losing its place and finishes once the server is back.
/// </summary>
public sealed class PostgreSqlOutageTests(TestbedFixture testbed, DedicatedPostgreSql postgres) : IClassFixture<DedicatedPostgreSql>
{
    [Fact]
    public async Task A_server_that_went_away_after_setSecret_fails_the_run_and_the_same_version_finishes_when_it_is_back()
    {
        await using var scenario = PostgreSqlScenario.Start(postgres.Server, testbed.Moto);
        var (app, secret) = await scenario.AppWithSecretAsync("outage", withAdmin: false);

        RotationOutcome outcome;
        try
        {
            outcome = await scenario.NewEngine(new StopAfterSet(postgres)).RunAsync(scenario.Request(secret.Name), scenario.SingleUser(), PostgreSqlScenario.Token);

            outcome.Result.Should().Be(RotationResult.Failed, outcome.Message);
            outcome.FailedStep.Should().Be(RotationStepNames.TestSecret);
            outcome.Reason.Should().Be(DatabaseRotationReasons.TargetUnreachable);
            scenario.ShouldNotLeak(outcome.Message);

            var stillDown = await scenario.RotateAsync(scenario.SingleUser(), secret.Name, outcome.VersionId);
            stillDown.Result.Should().Be(RotationResult.Failed, "a resumed rotation is kept, not refused, while the server is down");
        }
        finally
        {
            await postgres.StartAsync();
        }

        var resumed = await scenario.RotateAsync(scenario.SingleUser(), secret.Name, outcome.VersionId);

        resumed.Result.Should().Be(RotationResult.Succeeded, resumed.Message);
        await scenario.ShouldHaveRotatedAsync(secret.Name, [secret.VersionId!], secret.VersionId!, outcome.VersionId!);
        (await scenario.CanLogInAsync(app)).Should().BeFalse();
    }

    /// <summary>Stops the dedicated server right after setSecret changed the password there.</summary>
    private sealed class StopAfterSet(DedicatedPostgreSql postgres) : IRotationFaultInjector
    {
        public void Reached(RotationFaultPoint point, string secretId, string versionId)
        {
            if (point == RotationFaultPoint.AfterSetSecret)
            {
                postgres.StopAsync().GetAwaiter().GetResult();
            }
        }
    }
}
