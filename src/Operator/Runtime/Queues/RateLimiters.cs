namespace Rotator.Operator.Runtime.Queues;

/// <summary>Ready-made retry policies.</summary>
public static class RateLimiters
{
    /// <summary>
    /// controller-runtime's default: per-item backoff from 5 ms to 1000 s, and no more than 10 retries
    /// a second overall after a burst of 100, whichever waits longer.
    /// </summary>
    public static IRateLimiter<T> DefaultController<T>(TimeProvider time)
        where T : notnull =>
        new MaxOfRateLimiter<T>(
            new ItemExponentialRateLimiter<T>(TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1000)),
            new BucketRateLimiter<T>(time, qps: 10, burst: 100));
}
