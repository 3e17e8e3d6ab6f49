using System.Globalization;
using System.Text.RegularExpressions;

namespace Rotator.Benchmarks;

/// <summary>
/// Reads counters out of the operator's own <c>/metrics</c> text, so the benchmark counts AWS calls
/// and reconciles exactly as a Prometheus scrape of the operator would.
/// </summary>
public static partial class MetricsText
{
    /// <summary>
    /// The samples of counter <paramref name="family"/> summed by the value of label <paramref name="byLabel"/>
    /// (e.g. <c>rotator_aws_calls_total</c> by <c>operation</c>, all outcomes together).
    /// </summary>
    public static RequestTally<string> Sum(string exposition, string family, string byLabel)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(family + "{", StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var labels = Labels().Matches(line[..close]).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            if (!labels.TryGetValue(byLabel, out var key))
            {
                continue;
            }

            var value = (long)double.Parse(line[(close + 1)..].Trim(), CultureInfo.InvariantCulture);
            sums[key] = sums.GetValueOrDefault(key) + value;
        }

        return new RequestTally<string>(sums);
    }

    // Label values here are operation, controller and outcome names: no escaped quotes to worry about.
    [GeneratedRegex("(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Labels();
}
