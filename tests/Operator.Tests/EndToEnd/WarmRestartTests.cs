using FluentAssertions;
using Rotator.Api;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Operator.Tests.Metrics;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// A restart of the operator with everything mirrored and up to date costs nothing: no Kubernetes write, no secret
/// value read from AWS, and no secret described one by one: one ListSecrets listing answers every first pass
/// (issue 21's smoke test; the benchmark measures the same at 10,000 resources). The secrets live in a region no other
/// test uses, so the listing's page budget (one page per secret asked about) is not spent on other tests' secrets.
/// </summary>
public sealed class WarmRestartTests(TestbedFixture testbed)
{
    private static readonly string[] Writes = ["create", "update", "patch", "delete"];

    // More than SecretCatalogOptions.MinimumSecrets (10): below it describing is cheaper than any listing.
    private const int Count = 12;

    private const string Region = "eu-central-2";

    [Fact]
    public async Task A_restarted_operator_writes_nothing_and_reads_no_secret_value_when_everything_is_mirrored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-warm", ct);
        var names = Enumerable.Range(0, Count).Select(i => $"app-{i}").ToList();
        var aws = h.AwsIn(Region);
        await h.StartAsync(ct);
        foreach (var name in names)
        {
            var secretId = h.SecretName(name);
            await aws.CreateSecretAsync(new CreateSecretOptions(secretId) { Value = SecretPayload.FromString($$"""{"username":"{{name}}","password":"warm-restart-{{name}}-0123456789"}""") }, ct);
            await h.CreateAsync(name, new RotatingSecretSpec { SecretId = secretId, Region = Region, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, RefreshInterval = "10s" }, ct);
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
        var calls = metrics.Named("rotator_aws_calls_total").GroupBy(s => s.Labels["operation"]).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        calls.GetValueOrDefault("GetSecretValue").Should().Be(0, "the status's record of the mirrored version and the Secret's resourceVersion make reading the value unnecessary");
        calls.GetValueOrDefault("ListSecrets").Should().BeGreaterThan(0, "the restart listed the secrets it already managed");
        calls.GetValueOrDefault("DescribeSecret").Should().Be(0, "the listing answered every first pass, and the refresh after it: {0}", string.Join(", ", calls));
        metrics.Named("rotator_reconcile_total").Sum(s => s.Value).Should().BeGreaterThanOrEqualTo(names.Count, "every resource was reconciled after the restart");
    }
}
