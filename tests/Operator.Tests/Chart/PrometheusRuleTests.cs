using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluentAssertions;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// The chart's alerts run in Prometheus's own rule engine: <c>promtool test rules</c> evaluates the
/// rendered PrometheusRule against the series in <c>PrometheusRule.promtool.yaml</c>, where each alert
/// fires and later clears. A broken expression, a wrong label or annotation, or an alert without a case fails.
/// </summary>
public sealed partial class PrometheusRuleTests(TestbedFixture testbed) : IDisposable
{
    private static readonly string Cases = Path.Combine(RepositoryRoot.Path, "tests", "Operator.Tests", "Chart", "PrometheusRule.promtool.yaml");

    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("rotator-rules.");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task Every_alert_fires_and_clears_in_promtool_on_the_cases_written_for_it()
    {
        var promtool = testbed.Prometheus;
        var ct = TestContext.Current.CancellationToken;
        var groups = await RenderedGroupsAsync();
        var alerts = groups.SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["alert"]!).ToList();
        var cases = await File.ReadAllTextAsync(Cases, ct);
        foreach (var alert in alerts)
        {
            var evaluations = Evaluations(cases, alert);
            var firstFiring = evaluations.Where(e => e.Fires).Select(e => e.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            firstFiring.Should().NotBe(TimeSpan.MaxValue, $"{alert} needs a case where it fires");
            evaluations.Should().Contain(e => !e.Fires && e.At > firstFiring, $"{alert} needs a case where it clears after firing");
        }

        await File.WriteAllTextAsync(Path.Combine(work.FullName, "rules.json"), new JsonObject { ["groups"] = groups.DeepClone() }.ToJsonString(), ct);
        var test = Path.Combine(work.FullName, Path.GetFileName(Cases));
        File.Copy(Cases, test);
        var result = await promtool.TestRulesAsync(test, ct);

        result.ExitCode.Should().Be(0, $"promtool test rules:\n{result.StandardOutput}\n{result.StandardError}");
        result.StandardOutput.Should().Contain("SUCCESS");
    }

    /// <summary>The rule groups of the rendered PrometheusRule, as Prometheus reads them from a rule file.</summary>
    internal static async Task<JsonArray> RenderedGroupsAsync()
    {
        var rendering = await HelmChart.RenderOkAsync("--set", "metrics.prometheusRule.enabled=true");
        return rendering.Single("PrometheusRule").Object["spec"]!["groups"]!.AsArray();
    }

    /// <summary>Each <c>eval_time</c> of <paramref name="alert"/> in the cases file, and whether alerts are expected then.</summary>
    private static List<(TimeSpan At, bool Fires)> Evaluations(string cases, string alert) =>
        [.. Evaluation().Matches(cases)
            .Where(m => m.Groups["alert"].Value == alert)
            .Select(m => (TimeSpan.FromMinutes(int.Parse(m.Groups["minutes"].Value, CultureInfo.InvariantCulture)), !m.Groups["none"].Success))];

    [GeneratedRegex(@"- eval_time: (?<minutes>\d+)m\s+alertname: (?<alert>\w+)\s+exp_alerts:(?<none> \[\])?")]
    private static partial Regex Evaluation();
}
