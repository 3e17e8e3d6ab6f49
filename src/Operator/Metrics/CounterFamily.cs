using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>Counters told apart by labels; create one with <see cref="MetricsRegistry.AddCounter"/>.</summary>
public sealed class CounterFamily : LabelledFamily<Counter>
{
    internal CounterFamily(string name, string help, IReadOnlyList<string> labelNames)
        : base(name, help, MetricType.Counter, labelNames)
    {
    }

    private protected override Counter CreateChild() => new();

    private protected override void WriteChild(StringBuilder output, string labels, Counter child) =>
        Exposition.AppendSample(output, Name, labels, child.Value);
}
