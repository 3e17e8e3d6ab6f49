using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>One metric name with its HELP and TYPE, and every sample under it.</summary>
public abstract class MetricFamily
{
    private protected MetricFamily(string name, string help, MetricType type)
    {
        Exposition.ValidateMetricName(name);
        ArgumentNullException.ThrowIfNull(help);
        Name = name;
        Help = help;
        Type = type;
    }

    public string Name { get; }

    public string Help { get; }

    public MetricType Type { get; }

    /// <summary>Appends the family in the text format; nothing when it has no samples.</summary>
    internal abstract void WriteTo(StringBuilder output);
}
