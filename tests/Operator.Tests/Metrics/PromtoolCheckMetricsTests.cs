using FluentAssertions;
using Rotator.Testbed;
using Rotator.Testbed.Prometheus;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>
/// Prometheus's own linter on what the operator serves: <c>promtool check metrics</c> parses the text
/// format and checks the naming conventions (counters end in <c>_total</c>, base units, HELP on every family).
/// </summary>
public sealed class PromtoolCheckMetricsTests(TestbedFixture testbed)
{
    [Fact]
    public async Task A_live_scrape_of_the_running_operator_lints_clean()
    {
        var promtool = testbed.Prometheus;
        var ct = TestContext.Current.CancellationToken;
        await using var h = await RotatedOperator.StartAsync(testbed, "promtool", ct);

        var exposition = await RotatedOperator.ScrapeAsync(h, ct);
        exposition.Should().Contain($"rotator_secret_age_seconds{{namespace=\"{h.Namespace}\",name=\"{RotatedOperator.Resource}\"}}", "the scrape holds the resource's gauges");
        await LintsCleanAsync(promtool, exposition, ct);
    }

    [Fact]
    public async Task Every_family_with_samples_lints_clean()
    {
        var promtool = testbed.Prometheus;
        var ct = TestContext.Current.CancellationToken;

        await LintsCleanAsync(promtool, await EveryFamily.RenderAsync(ct), ct);
    }

    private static async Task LintsCleanAsync(PrometheusTools promtool, string exposition, CancellationToken ct)
    {
        var lint = await promtool.CheckMetricsAsync(exposition, ct);

        lint.ExitCode.Should().Be(0, $"promtool check metrics: {lint.StandardOutput}{lint.StandardError}");
        (lint.StandardOutput + lint.StandardError).Trim().Should().BeEmpty("promtool reports no lint problem");
    }
}
