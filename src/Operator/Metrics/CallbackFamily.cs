using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>
/// One unlabelled sample whose value is read when scraped, for what the runtime already counts
/// (process CPU time, memory): copying it into a gauge on a timer would only make it stale.
/// </summary>
public sealed class CallbackFamily : MetricFamily
{
    private readonly Func<double> read;

    internal CallbackFamily(string name, string help, MetricType type, Func<double> read)
        : base(name, help, type)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (type == MetricType.Histogram)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "A callback reads one value: a counter or a gauge.");
        }

        this.read = read;
    }

    internal override void WriteTo(StringBuilder output)
    {
        Exposition.AppendHeader(output, Name, Help, Type);
        Exposition.AppendSample(output, Name, "", read());
    }
}
