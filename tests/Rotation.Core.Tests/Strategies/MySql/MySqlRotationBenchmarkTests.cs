using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Tests.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Latency of whole MySQL rotations through the engine (moto plus a test bed server over VerifyCA), printed, not
/// asserted: the machine is shared, so only the rotations' success is a pass condition.
/// </summary>
public sealed class MySqlRotationBenchmarkTests(TestbedFixture testbed)
{
    private const int Rotations = 50;

    public static TheoryData<string, bool> Cases => new()
    {
        { "mariadb", false },
        { "mariadb", true },
        { "mysql", false },
        { "mysql", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Fifty_MySQL_rotations_through_the_engine(string flavor, bool alternating)
    {
        await using var scenario = RotationScenario.Start(testbed, flavor, tls: true);
        var admin = await scenario.CreateAdminAsync();
        var adminSecret = await scenario.CreateSecretAsync("bench-admin", scenario.AdminSecret(admin));
        var app = await scenario.CreateAppUserAsync(alternating ? ["%", "localhost"] : ["%"]);
        var secret = await scenario.CreateSecretAsync("bench", scenario.AppSecret(app, adminSecret.Arn));
        IRotationStrategy strategy = alternating
            ? scenario.AlternatingUsers()
            : scenario.SingleUser();
        var engine = scenario.NewEngine();
        var request = scenario.Request(secret.Name);

        // One warm-up rotation: JIT, connection pools and the first clone are not what is measured.
        (await engine.RunAsync(request, strategy, RotationScenario.Token)).Result.Should().Be(RotationResult.Succeeded);
        var samples = new List<double>(Rotations);
        for (var i = 0; i < Rotations; i++)
        {
            var watch = Stopwatch.StartNew();
            var outcome = await engine.RunAsync(request, strategy, RotationScenario.Token);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        }

        (await scenario.CanLogInAsync(await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current))).Should().BeTrue();
        samples.Sort();
        var median = (samples[(Rotations - 1) / 2] + samples[Rotations / 2]) / 2;
        var p95 = samples[(int)Math.Ceiling(0.95 * Rotations) - 1];
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"{strategy.Name} on {flavor} (VerifyCA) against moto, {Rotations} runs: median {median:F1} ms, p95 {p95:F1} ms, min {samples[0]:F1} ms, max {samples[^1]:F1} ms");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        await Console.Error.WriteLineAsync(line);
    }
}
