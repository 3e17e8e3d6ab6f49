using System.Globalization;

namespace Rotator.Benchmarks;

/// <summary>Percentiles of measured latencies and how the result tables write them.</summary>
public static class LatencyText
{
    /// <summary>Nearest rank: the smallest latency with at least <paramref name="q"/> of them at or below it; zero for none.</summary>
    public static TimeSpan Percentile(IReadOnlyCollection<TimeSpan> latencies, double q)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        if (latencies.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = latencies.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms");

    /// <summary>"p50 **x ms**, p99 **y ms** (min, max)", or "not measured".</summary>
    public static string Summary(IReadOnlyCollection<TimeSpan> latencies) =>
        latencies is null || latencies.Count == 0
            ? "not measured"
            : $"p50 **{Ms(Percentile(latencies, 0.50))}**, p99 **{Ms(Percentile(latencies, 0.99))}** (min {Ms(latencies.Min())}, max {Ms(latencies.Max())})";
}
