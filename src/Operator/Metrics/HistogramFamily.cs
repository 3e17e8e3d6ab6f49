using System.Collections.Immutable;
using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>Histograms told apart by labels, all with the same buckets; create one with <see cref="MetricsRegistry.AddHistogram"/>.</summary>
public sealed class HistogramFamily : LabelledFamily<Histogram>
{
    private readonly double[] upperBounds;

    // The le="..." values, formatted once rather than on every scrape.
    private readonly string[] leValues;
    private readonly string sumName;
    private readonly string countName;

    internal HistogramFamily(string name, string help, IReadOnlyList<double> upperBounds, IReadOnlyList<string> labelNames)
        : base(name, help, MetricType.Histogram, labelNames)
    {
        ArgumentNullException.ThrowIfNull(upperBounds);
        if (labelNames.Contains("le", StringComparer.Ordinal))
        {
            throw new ArgumentException($"{name}: 'le' is the bucket label of a histogram.", nameof(labelNames));
        }

        // +Inf is always there; a bound of +Inf given by the caller would be written twice.
        this.upperBounds = [.. upperBounds.Where(b => !double.IsPositiveInfinity(b))];
        for (var i = 0; i < this.upperBounds.Length; i++)
        {
            if (double.IsNaN(this.upperBounds[i]) || (i > 0 && this.upperBounds[i] <= this.upperBounds[i - 1]))
            {
                throw new ArgumentException($"{name}: bucket bounds must be numbers in increasing order.", nameof(upperBounds));
            }
        }

        leValues = [.. this.upperBounds.Select(Format), "+Inf"];
        UpperBounds = [.. this.upperBounds];
        sumName = name + "_sum";
        countName = name + "_count";
    }

    /// <summary>The buckets' upper bounds, without the implicit +Inf.</summary>
    public ImmutableArray<double> UpperBounds { get; }

    private protected override Histogram CreateChild() => new(upperBounds);

    private protected override void WriteChild(StringBuilder output, string labels, Histogram child)
    {
        Span<long> counts = stackalloc long[leValues.Length];
        child.CopyCounts(counts);

        // _count is the +Inf bucket, summed from the same copy, so the two always agree.
        long cumulative = 0;
        for (var i = 0; i < leValues.Length; i++)
        {
            cumulative += counts[i];
            output.Append(Name).Append("_bucket{");
            if (labels.Length > 0)
            {
                output.Append(labels).Append(',');
            }

            output.Append("le=\"").Append(leValues[i]).Append("\"} ");
            Exposition.AppendNumber(output, cumulative);
            output.Append('\n');
        }

        Exposition.AppendSample(output, sumName, labels, child.Sum);
        Exposition.AppendSample(output, countName, labels, cumulative);
    }

    private static string Format(double bound)
    {
        var output = new StringBuilder();
        Exposition.AppendNumber(output, bound);
        return output.ToString();
    }
}
