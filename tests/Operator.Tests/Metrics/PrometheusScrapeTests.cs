using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Operator.Tests.Chart;
using Rotator.Testbed;
using Rotator.Testbed.Prometheus;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>
/// A real Prometheus scrapes the running operator the way the chart's ServiceMonitor sets it up (job
/// named after the metrics Service, <c>honor_labels</c>) and evaluates the chart's alert rules on what
/// it ingested. Deleting the RotatingSecret takes its series out of the next scrape, so Prometheus
/// marks them stale instead of keeping a dead resource's gauges for ever.
/// </summary>
public sealed class PrometheusScrapeTests(TestbedFixture testbed)
{
    // The job the rendered rules select: the metrics Service of release "rotator".
    private const string Job = "rotator-metrics";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Prometheus_ingests_the_operators_series_evaluates_the_chart_rules_and_drops_a_deleted_resources_series()
    {
        var prometheus = testbed.Prometheus;
        var ct = TestContext.Current.CancellationToken;
        await using var h = await RotatedOperator.StartAsync(testbed, "prom-scrape", ct);
        var target = h.Operator.Http.BaseAddress!;
        var rules = new JsonObject { ["groups"] = (await PrometheusRuleTests.RenderedGroupsAsync()).DeepClone() };
        await using var server = await prometheus.StartServerAsync(
            Configuration($"{target.Host}:{target.Port}"), new Dictionary<string, string> { ["rules.json"] = rules.ToJsonString() }, ct);
        var age = $"rotator_secret_age_seconds{{namespace=\"{h.Namespace}\",name=\"{RotatedOperator.Resource}\"}}";

        IReadOnlyList<PrometheusSample> ingested = [];
        await HoldsAsync(server, async () => (ingested = await server.QueryAsync(age, ct)).Count == 1, "Prometheus ingested the resource's age");
        var sample = ingested.Single();
        sample.Labels["job"].Should().Be(Job);
        sample.Labels["instance"].Should().Be($"{target.Host}:{target.Port}");
        sample.Labels["namespace"].Should().Be(h.Namespace, "honor_labels keeps the RotatingSecret's namespace");
        sample.Value.Should().BeInRange(0, 600, "it rotated on create, moments ago");
        var next = (await server.QueryAsync($"rotator_next_rotation_timestamp_seconds{{namespace=\"{h.Namespace}\"}}", ct)).Should().ContainSingle().Subject;
        next.Value.Should().BeGreaterThan(DateTimeOffset.UtcNow.AddDays(29).ToUnixTimeSeconds(), "the next rotation is 30 days out");
        (await server.QueryAsync($"sum(rotator_rotations_total{{job=\"{Job}\",result=\"Succeeded\"}})", ct)).Should().ContainSingle().Which.Value.Should().Be(1);

        // Every alert of the chart evaluates on the live series, and with a leading, healthy operator none
        // stays pending or firing (an evaluation before the first scrape sees rotator_leader absent).
        IReadOnlyList<PrometheusRuleState> states = [];
        await HoldsAsync(
            server,
            async () => (states = await server.RulesAsync(ct)).Count > 0 && states.All(r => r.Health == "ok" && r.State == "inactive"),
            "every rule evaluated, none pending or firing",
            () => string.Join(", ", states));
        states.Select(r => r.Name).Should().BeEquivalentTo("RotatorRotationFailing", "RotatorSecretOverdue", "RotatorRestartFailing", "RotatorRolloutStuck", "RotatorNotLeading");

        await h.RotatingSecrets.DeleteAsync(h.Namespace, RotatedOperator.Resource, ct);
        await HoldsAsync(server, async () => !(await RotatedOperator.ScrapeAsync(h, ct)).Contains($"name=\"{RotatedOperator.Resource}\"", StringComparison.Ordinal), "the operator stops exporting the deleted resource");
        await HoldsAsync(server, async () => (await server.QueryAsync($"{{namespace=\"{h.Namespace}\",name=\"{RotatedOperator.Resource}\"}}", ct)).Count == 0, "Prometheus marks the deleted resource's series stale");
        (await server.QueryAsync($"rotator_leader{{job=\"{Job}\"}}", ct)).Should().ContainSingle().Which.Value.Should().Be(1, "the rest of the scrape goes on");
    }

    private static string Configuration(string target) => string.Create(CultureInfo.InvariantCulture, $"""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - rules.json
        scrape_configs:
          # What the chart's ServiceMonitor generates: the job is the Service's name, and the operator's
          # namespace/name labels win over the target's own.
          - job_name: {Job}
            honor_labels: true
            metrics_path: /metrics
            static_configs:
              - targets: ["{target}"]
        """);

    private static async Task HoldsAsync(PrometheusServer server, Func<Task<bool>> condition, string what, Func<string>? lastSeen = null)
    {
        try
        {
            await Eventually.HoldsAsync(condition, Within, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last seen: {lastSeen?.Invoke()}; targets: {await server.TargetsAsync(CancellationToken.None)}; log: {server.Log}", e);
        }
    }
}
