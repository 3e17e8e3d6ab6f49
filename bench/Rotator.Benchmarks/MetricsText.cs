using System.Globalization;
using System.Text.RegularExpressions;

namespace Rotator.Benchmarks;

/// <summary>
/// Reads counters and histograms out of the operator's own <c>/metrics</c> text, so the benchmark counts
/// AWS calls and reconciles exactly as a Prometheus scrape of the operator would.
/// </summary>
public static partial class MetricsText
{
    /// <summary>
    /// The samples of counter <paramref name="family"/> summed by the value of label <paramref name="byLabel"/>
    /// (e.g. <c>rotator_aws_calls_total</c> by <c>operation</c>, all outcomes together).
    /// </summary>
    public static RequestTally<string> Sum(string exposition, string family, string byLabel)
    {
        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (labels, value) in Samples(exposition, family))
        {
            if (labels.TryGetValue(byLabel, out var key))
            {
                sums[key] = sums.GetValueOrDefault(key) + (long)value;
            }
        }

        return new RequestTally<string>(sums);
    }

    /// <summary>
    /// The operator's own count of its Kubernetes requests (<c>rotator_kubernetes_requests_total</c>) by
    /// verb and resource, all status codes together: every attempt, as the API server saw it arrive.
    /// </summary>
    public static RequestTally<KubernetesRequest> KubernetesRequests(string exposition)
    {
        var sums = new Dictionary<KubernetesRequest, long>();
        foreach (var (labels, value) in Samples(exposition, "rotator_kubernetes_requests_total"))
        {
            if (labels.TryGetValue("verb", out var verb) && labels.TryGetValue("resource", out var resource))
            {
                var key = new KubernetesRequest(verb, resource);
                sums[key] = sums.GetValueOrDefault(key) + (long)value;
            }
        }

        return new RequestTally<KubernetesRequest>(sums);
    }

    /// <summary>The value of the unlabelled sample <paramref name="name"/> (e.g. <c>dotnet_gc_heap_bytes</c>), or null.</summary>
    public static double? Value(string exposition, string name)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>
    /// The <paramref name="q"/>-quantile of histogram <paramref name="family"/> over its series whose label
    /// <paramref name="label"/> is <paramref name="value"/>, interpolated linearly inside the bucket it falls in
    /// as PromQL's <c>histogram_quantile</c> does; null without observations (or without that histogram).
    /// </summary>
    public static double? HistogramQuantile(string exposition, string family, string label, string value, double q)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (labels, count) in Samples(exposition, family + "_bucket"))
        {
            if (labels.TryGetValue(label, out var v) && v == value && labels.TryGetValue("le", out var le))
            {
                var bound = le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
                buckets[bound] = buckets.GetValueOrDefault(bound) + count;
            }
        }

        var total = buckets.Count == 0 ? 0 : buckets.Last().Value;
        if (total <= 0)
        {
            return null;
        }

        var rank = q * total;
        var (lower, below) = (0.0, 0.0);
        foreach (var (upper, cumulative) in buckets)
        {
            if (cumulative >= rank)
            {
                // Above the last finite bound nothing is known but that bound.
                return double.IsPositiveInfinity(upper) ? lower
                    : cumulative == below ? upper
                    : lower + ((upper - lower) * (rank - below) / (cumulative - below));
            }

            (lower, below) = (upper, cumulative);
        }

        return lower;
    }

    private static IEnumerable<(Dictionary<string, string> Labels, double Value)> Samples(string exposition, string name)
    {
        ArgumentNullException.ThrowIfNull(exposition);
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var labels = Labels().Matches(line[..close]).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);
            yield return (labels, double.Parse(line[(close + 1)..].Trim(), CultureInfo.InvariantCulture));
        }
    }

    // Label values here are operation, controller, stage and outcome names: no escaped quotes to worry about.
    [GeneratedRegex("(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Labels();
}
