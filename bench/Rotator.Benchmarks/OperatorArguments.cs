using System.Globalization;

namespace Rotator.Benchmarks;

/// <summary>The operator's command line for a benchmark run: its namespaces only, a Lease of its own, metrics on a free port.</summary>
public static class OperatorArguments
{
    public const string LeaseName = "rotator-bench";

    /// <param name="kubeconfig">The operator's kubeconfig.</param>
    /// <param name="context">Its context, or null for the current one.</param>
    /// <param name="namespaces">Watched namespaces (unless <paramref name="clusterWide"/>); the Lease lives in the first.</param>
    /// <param name="refreshInterval">The operator's <c>--refresh-interval</c>.</param>
    /// <param name="region">Region of RotatingSecrets without one.</param>
    /// <param name="workers">The operator's <c>--workers</c>, or null for its default.</param>
    /// <param name="qps">The operator's <c>--qps</c>, or null for its default.</param>
    /// <param name="burst">The operator's <c>--burst</c>, or null for its default.</param>
    /// <param name="clusterWide">Run without <c>--namespaces</c>: the operator watches every namespace.</param>
    /// <param name="listen">The operator's <c>--listen</c>; null for port 0 (any free one), enough when nobody outside scrapes it.</param>
    public static string[] Build(
        string kubeconfig, string? context, IReadOnlyList<string> namespaces, TimeSpan refreshInterval, string region, int? workers, double? qps, int? burst,
        bool clusterWide = false, Uri? listen = null)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        var c = CultureInfo.InvariantCulture;
        var arguments = new List<string>
        {
            "--kubeconfig", kubeconfig,
            "--lease-namespace", namespaces[0],
            "--lease-name", LeaseName,
            "--identity", LeaseName,
            "--listen", listen?.ToString().TrimEnd('/') ?? "http://127.0.0.1:0",
            "--refresh-interval", DurationText.Format(refreshInterval),
            "--region", region,
        };
        if (!clusterWide)
        {
            arguments.AddRange(["--namespaces", string.Join(',', namespaces)]);
        }

        if (context is not null)
        {
            arguments.AddRange(["--context", context]);
        }

        if (workers is { } w)
        {
            arguments.AddRange(["--workers", w.ToString(c)]);
        }

        if (qps is { } q)
        {
            arguments.AddRange(["--qps", q.ToString(c)]);
        }

        if (burst is { } b)
        {
            arguments.AddRange(["--burst", b.ToString(c)]);
        }

        return [.. arguments];
    }
}
