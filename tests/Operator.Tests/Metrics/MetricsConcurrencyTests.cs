using FluentAssertions;
using Rotator.Operator.Metrics;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>Many threads updating the same and new children while scrapes run: nothing is lost, nothing throws.</summary>
public sealed class MetricsConcurrencyTests
{
    private const int Threads = 8;
    private const int PerThread = 50_000;

    [Fact]
    public async Task Concurrent_increments_and_observations_are_all_counted_while_scraping()
    {
        var registry = new MetricsRegistry();
        var counters = registry.AddCounter("test_hits_total", "Hits.", "shard");
        var gauge = registry.AddGauge("test_level", "Level.").WithLabels();
        var histogram = registry.AddHistogram("test_latency_seconds", "Latency.", [0.5, 1.5], "shard");
        using var stop = new CancellationTokenSource();
        var scrapes = 0;
        var scraper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                ExpositionParser.Parse(registry.Render());
                scrapes++;
            }
        }, TestContext.Current.CancellationToken);

        var workers = Enumerable.Range(0, Threads).Select(thread => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                // Shards are shared between threads, so children are created and found concurrently.
                var shard = (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
                counters.WithLabels(shard).Inc();
                gauge.Inc();
                gauge.Dec(0.5);
                histogram.WithLabels(shard).Observe(i % 2);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await scraper;

        var parsed = ExpositionParser.Parse(registry.Render());
        parsed.Named("test_hits_total").Sum(s => s.Value).Should().Be(Threads * PerThread);
        parsed.Named("test_hits_total").Should().HaveCount(4);
        parsed.Value("test_level").Should().Be(Threads * PerThread * 0.5);
        parsed.Named("test_latency_seconds_count").Sum(s => s.Value).Should().Be(Threads * PerThread);
        parsed.Named("test_latency_seconds_sum").Sum(s => s.Value).Should().Be(Threads * PerThread / 2);
        parsed.Named("test_latency_seconds_bucket").Where(s => s.Labels["le"] == "0.5").Sum(s => s.Value).Should().Be(Threads * PerThread / 2);
        scrapes.Should().BePositive();
    }
}
