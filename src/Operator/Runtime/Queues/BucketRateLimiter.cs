namespace Rotator.Operator.Runtime.Queues;

/// <summary>
/// One token bucket shared by all items (client-go's BucketRateLimiter over <c>rate.Limiter</c>):
/// it caps the overall retry rate however many items fail. Like <c>Reserve().Delay()</c>, every call
/// takes a token, borrowing from the future when the bucket is empty, and returns the wait until
/// that token exists.
/// </summary>
public sealed class BucketRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private double tokens;
    private long refilledAt;

    /// <param name="time">The clock the bucket refills on.</param>
    /// <param name="qps">Tokens added per second (controller-runtime: 10).</param>
    /// <param name="burst">Bucket size, and how full it starts (controller-runtime: 100).</param>
    public BucketRateLimiter(TimeProvider time, double qps = 10, int burst = 100)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!double.IsFinite(qps) || qps <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(qps), qps, "The refill rate must be a positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        this.time = time;
        Qps = qps;
        Burst = burst;
        tokens = burst;
        refilledAt = time.GetTimestamp();
    }

    public double Qps { get; }

    public int Burst { get; }

    public TimeSpan When(T item)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(Burst, tokens + (time.GetElapsedTime(refilledAt, now).TotalSeconds * Qps));
            refilledAt = now;
            tokens -= 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(-tokens / Qps * TimeSpan.TicksPerSecond));
        }
    }

    // The bucket is shared, not per item: there is nothing to forget or count.
    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
