namespace Rotator.Operator.Metrics;

/// <summary>
/// Observations counted into buckets by upper bound, with their sum; one label tuple of a
/// <see cref="HistogramFamily"/>. Buckets are kept per bucket, not cumulative, so an observation is
/// one increment; the exposition adds them up.
/// </summary>
public sealed class Histogram
{
    private readonly double[] upperBounds;

    // One more than the bounds: the last slot counts what is above every bound (+Inf only).
    private readonly long[] counts;
    private double sum;

    internal Histogram(double[] upperBounds)
    {
        this.upperBounds = upperBounds;
        counts = new long[upperBounds.Length + 1];
    }

    public double Sum => Volatile.Read(ref sum);

    /// <summary>Observations so far (the +Inf bucket).</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                total += Interlocked.Read(ref counts[i]);
            }

            return total;
        }
    }

    public void Observe(double value)
    {
        // A bucket is "less than or equal"; few buckets, so a scan beats a binary search, and a NaN
        // (no comparison holds) lands in +Inf rather than the first bucket.
        var index = 0;
        while (index < upperBounds.Length && !(value <= upperBounds[index]))
        {
            index++;
        }

        Interlocked.Increment(ref counts[index]);
        AtomicDouble.Add(ref sum, value);
    }

    /// <summary>Observes a duration in seconds, the unit of every <c>_seconds</c> histogram.</summary>
    public void Observe(TimeSpan duration) => Observe(duration.TotalSeconds);

    /// <summary>Copies the per-bucket counts into <paramref name="destination"/> (bounds, then +Inf).</summary>
    internal void CopyCounts(Span<long> destination)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            destination[i] = Interlocked.Read(ref counts[i]);
        }
    }
}
