using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Tests.Metrics;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// A restart of the operator with everything mirrored and up to date costs nothing: no Kubernetes write and no secret
/// value read from AWS (issue 21's smoke test; the benchmark measures the same at 10,000 resources).
/// </summary>
public sealed class WarmRestartTests(TestbedFixture testbed)
{
    private static readonly string[] Writes = ["create", "update", "patch", "delete"];

    [Fact]
    public async Task A_restarted_operator_writes_nothing_and_reads_no_secret_value_when_everything_is_mirrored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-warm", ct);
        var names = Enumerable.Range(0, 5).Select(i => $"app-{i}").ToList();
        await h.StartAsync(ct);
        foreach (var name in names)
        {
            var secretId = await h.CreateAwsSecretAsync(name, $$"""{"username":"{{name}}","password":"warm-restart-{{name}}-0123456789"}""", ct);
            await h.CreateAsync(name, new RotatingSecretSpec { SecretId = secretId, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, RefreshInterval = "10s" }, ct);
        }

        foreach (var name in names)
        {
            await h.WaitAsync(name, OperatorHarness.IsReady, TimeSpan.FromSeconds(60), "mirrored", ct);
        }

        // Let the first passes' follow-ups (finalizer, status) settle, then restart.
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        await h.StopAsync();
        await h.StartAsync(ct);

        // The restarted operator's first pass over every resource, and one refresh interval after it.
        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        var metrics = ExpositionParser.Parse((await h.Operator.GetAsync("/metrics")).Body + "\n");
        var writes = metrics.Named("rotator_kubernetes_requests_total")
            .Where(s => Writes.Contains(s.Labels["verb"]) && s.Labels["resource"] != "leases" && s.Value > 0)
            .Select(s => $"{s.Labels["verb"]} {s.Labels["resource"]}: {s.Value}")
            .ToList();
        writes.Should().BeEmpty("everything was mirrored and up to date (the leader Lease apart)");
        metrics.Named("rotator_aws_calls_total").Where(s => s.Labels["operation"] == "GetSecretValue").Sum(s => s.Value)
            .Should().Be(0, "the status's record of the mirrored version and the Secret's resourceVersion make reading the value unnecessary");
        metrics.Named("rotator_reconcile_total").Sum(s => s.Value).Should().BeGreaterThanOrEqualTo(names.Count, "every resource was reconciled after the restart");
    }
}
