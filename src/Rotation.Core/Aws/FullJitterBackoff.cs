namespace Rotator.Rotation.Aws;

/// <summary>
/// AWS's "full jitter" backoff: the wait before retry <c>n</c> (0-based) is uniformly random in
/// <c>[0, min(cap, base * 2^n)]</c>. Full jitter spreads a crowd of throttled clients out instead of
/// having them retry in lockstep, which is what a shared per-account quota needs.
/// </summary>
public sealed class FullJitterBackoff
{
    private readonly TimeSpan cap;
    private readonly Random random;
    private readonly Lock gate = new();

    /// <param name="cap">Upper bound of any single wait.</param>
    /// <param name="random">Source of jitter; a seeded one makes tests repeatable. <see cref="Random.Shared"/> when null.</param>
    public FullJitterBackoff(TimeSpan cap, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, TimeSpan.Zero);
        this.cap = cap;
        this.random = random ?? Random.Shared;
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan Delay(TimeSpan baseDelay, int retry)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        // Exponent capped so the double stays finite; the cap wins long before 2^30 anyway.
        var ceiling = Math.Min(cap.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        double sample;
        lock (gate)
        {
            // A caller's seeded Random is not thread-safe; Random.Shared is, and the lock costs nothing next to a retry.
            sample = random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(sample * ceiling);
    }
}
