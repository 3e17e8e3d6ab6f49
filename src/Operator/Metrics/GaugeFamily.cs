using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>Gauges told apart by labels; create one with <see cref="MetricsRegistry.AddGauge"/>.</summary>
public sealed class GaugeFamily : LabelledFamily<Gauge>
{
    internal GaugeFamily(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, MetricType.Gauge, labelNames)
    {
    }

    private protected override Gauge CreateChild() => new();

    private protected override void WriteChild(StringBuilder output, string labels, Gauge child) =>
        Exposition.AppendSample(output, Name, labels, child.Value);
}
