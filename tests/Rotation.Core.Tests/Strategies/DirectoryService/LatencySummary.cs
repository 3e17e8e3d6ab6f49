using System.Globalization;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>Median and p95 (nearest rank) of latency samples in milliseconds, as one line for the test output.</summary>
internal sealed record LatencySummary(int Count, double Median, double P95, double Min, double Max)
{
    public static LatencySummary Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(samples));
        }

        var n = sorted.Count;
        var median = (sorted[(n - 1) / 2] + sorted[n / 2]) / 2;
        return new LatencySummary(n, median, sorted[(int)Math.Ceiling(0.95 * n) - 1], sorted[0], sorted[^1]);
    }

    public string Describe(string what) => string.Create(
        CultureInfo.InvariantCulture,
        $"{what}, {Count} runs: median {Median:F1} ms, p95 {P95:F1} ms, min {Min:F1} ms, max {Max:F1} ms");
}
