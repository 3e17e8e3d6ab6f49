using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>
/// The metric families of the process and their rendering in the Prometheus text exposition format
/// 0.0.4. Families are registered once, at start-up; updating their children is thread-safe and
/// lock-free, and a scrape may run while they change (each value is read atomically, not the whole set).
/// </summary>
public sealed class MetricsRegistry
{
    /// <summary>The content type of <see cref="Render"/>'s output.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock gate = new();
    private readonly List<MetricFamily> families = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly List<Action> collectors = [];

    public CounterFamily AddCounter(string name, string help, params string[] labelNames) =>
        Add(new CounterFamily(name, help, labelNames));

    public GaugeFamily AddGauge(string name, string help, params string[] labelNames) =>
        Add(new GaugeFamily(name, help, labelNames));

    /// <param name="name">The family's name; its samples are <c>name_bucket</c>, <c>name_sum</c> and <c>name_count</c>.</param>
    /// <param name="help">The HELP text.</param>
    /// <param name="upperBounds">Bucket bounds in increasing order; +Inf is added.</param>
    /// <param name="labelNames">The labels every sample carries besides <c>le</c>.</param>
    public HistogramFamily AddHistogram(string name, string help, IReadOnlyList<double> upperBounds, params string[] labelNames) =>
        Add(new HistogramFamily(name, help, upperBounds, labelNames));

    /// <summary>An unlabelled counter or gauge whose value <paramref name="read"/> returns at every scrape.</summary>
    public CallbackFamily AddCallback(string name, string help, MetricType type, Func<double> read) =>
        Add(new CallbackFamily(name, help, type, read));

    /// <summary>
    /// Runs <paramref name="collect"/> at the start of every scrape, before anything is written: for
    /// labelled values that only make sense computed then, such as an age that grows with the clock.
    /// </summary>
    public void AddCollector(Action collect)
    {
        ArgumentNullException.ThrowIfNull(collect);
        lock (gate)
        {
            collectors.Add(collect);
        }
    }

    /// <summary>Every family, in the order they were added.</summary>
    public string Render()
    {
        var output = new StringBuilder(8192);
        WriteTo(output);
        return output.ToString();
    }

    public void WriteTo(StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Action[] collecting;
        MetricFamily[] writing;
        lock (gate)
        {
            collecting = [.. collectors];
            writing = [.. families];
        }

        foreach (var collect in collecting)
        {
            collect();
        }

        foreach (var family in writing)
        {
            family.WriteTo(output);
        }
    }

    private TFamily Add<TFamily>(TFamily family)
        where TFamily : MetricFamily
    {
        lock (gate)
        {
            if (!names.Add(family.Name))
            {
                throw new ArgumentException($"A metric named {family.Name} is registered already.", nameof(family));
            }

            families.Add(family);
        }

        return family;
    }
}
