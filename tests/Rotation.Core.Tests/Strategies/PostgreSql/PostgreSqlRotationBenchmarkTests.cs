using System.Diagnostics;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Tests.Strategies.DirectoryService;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// Latency of whole PostgreSQL rotations through the engine (moto plus the test bed's PostgreSQL over VerifyFull), printed,
/// not asserted: the machine is shared, so only the rotations' success is a pass condition.
/// </summary>
public sealed class PostgreSqlRotationBenchmarkTests(TestbedFixture testbed)
{
    private const int Rotations = 30;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Thirty_PostgreSQL_rotations_through_the_engine(bool alternating)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var (_, secret) = await scenario.AppWithSecretAsync("bench", withAdmin: alternating);
        IRotationStrategy strategy = alternating ? scenario.AlternatingUsers() : scenario.SingleUser();
        var engine = scenario.NewEngine();
        var request = scenario.Request(secret.Name);

        // One warm-up rotation: JIT and the first clone are not what is measured.
        (await engine.RunAsync(request, strategy, PostgreSqlScenario.Token)).Result.Should().Be(RotationResult.Succeeded);
        var samples = new List<double>(Rotations);
        for (var i = 0; i < Rotations; i++)
        {
            var watch = Stopwatch.StartNew();
            var outcome = await engine.RunAsync(request, strategy, PostgreSqlScenario.Token);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        }

        var line = LatencySummary.Of(samples).Describe($"{strategy.Name} on PostgreSQL 15 (VerifyFull) against moto");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        await Console.Error.WriteLineAsync(line);
    }
}
