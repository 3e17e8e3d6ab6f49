using System.Diagnostics;
using FluentAssertions;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Ldap;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// Latency of whole DirectoryServiceAdmin rotations (moto, the Directory Service stand-in, slapd), printed, not asserted
/// (the machine is shared). A rotation is one DescribeSecret and a few reads and writes in moto, four DescribeDirectories,
/// one ResetUserPassword and two LDAP binds (setSecret's "already done?" and testSecret's).
/// </summary>
public sealed class DirectoryServiceAdminBenchmarkTests(TestbedFixture testbed)
{
    private const int Rotations = 50;

    [Fact]
    public async Task Fifty_DirectoryServiceAdmin_rotations()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var secret = await scenario.CreateSecretAsync("bench", scenario.PlainSecret());
        var engine = scenario.Engine();
        var strategy = scenario.Strategy();
        var request = scenario.Request(secret.Name);

        // One warm-up rotation: JIT and connection set-up are not what is measured.
        (await engine.RunAsync(request, strategy, DirectoryScenario.Token)).Result.Should().Be(RotationResult.Succeeded);
        var samples = new List<double>(Rotations);
        for (var i = 0; i < Rotations; i++)
        {
            var watch = Stopwatch.StartNew();
            var outcome = await engine.RunAsync(request, strategy, DirectoryScenario.Token);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        }

        (await scenario.BindAsync(scenario.Passwords.Issued.Last())).Should().Be(LdapBindOutcome.Success);
        var line = LatencySummary.Of(samples).Describe($"DirectoryServiceAdmin rotation (moto + stand-in + slapd) on {Environment.ProcessorCount} cores");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        await Console.Error.WriteLineAsync(line);
    }
}
