using System.Globalization;

namespace Rotator.Benchmarks;

/// <summary>Durations written the way the operator's settings and the CRD read them (<c>10s</c>, <c>500ms</c>).</summary>
public static class DurationText
{
    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1 && duration.TotalSeconds == Math.Floor(duration.TotalSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:F0}s")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Round(duration.TotalMilliseconds)):F0}ms");
}
