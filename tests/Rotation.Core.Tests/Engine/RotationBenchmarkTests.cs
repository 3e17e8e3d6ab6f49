using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>Latency of whole RandomValue rotations against moto, printed, not asserted (the machine is shared).</summary>
public sealed class RotationBenchmarkTests(TestbedFixture testbed) : IDisposable
{
    private const int Rotations = 50;

    private readonly HttpClient http = new();

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Fifty_RandomValue_rotations_against_moto()
    {
        var ct = TestContext.Current.CancellationToken;
        var secrets = MotoAws.SecretsManager(testbed.Moto, http);
        var name = MotoAws.NewName("engine/bench");
        await secrets.CreateSecretAsync(new CreateSecretOptions(name) { Value = SecretPayload.FromString("""{"apiKey":"k0","user":"svc"}""") }, ct);
        var engine = new RotationEngine(secrets);
        var request = new RotationRequest { SecretId = name };
        var strategy = new RandomValueStrategy(new RandomValueSettings { Field = "apiKey" });

        // One warm-up rotation: JIT and connection set-up are not what is measured.
        (await engine.RunAsync(request, strategy, ct)).Result.Should().Be(RotationResult.Succeeded);
        var samples = new List<double>(Rotations);
        for (var i = 0; i < Rotations; i++)
        {
            var watch = Stopwatch.StartNew();
            var outcome = await engine.RunAsync(request, strategy, ct);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        }

        samples.Sort();
        var median = (samples[(Rotations - 1) / 2] + samples[Rotations / 2]) / 2;
        var p95 = samples[(int)Math.Ceiling(0.95 * Rotations) - 1];
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"RandomValue rotation against moto, {Rotations} runs: median {median:F1} ms, p95 {p95:F1} ms, min {samples[0]:F1} ms, max {samples[^1]:F1} ms");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        await Console.Error.WriteLineAsync(line);
    }
}
