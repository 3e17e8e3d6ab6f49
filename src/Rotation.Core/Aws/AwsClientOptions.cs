namespace Rotator.Rotation.Aws;

/// <summary>Retry, timeout and rate-limit settings shared by every AWS call of one <see cref="AwsTransport"/>.</summary>
public sealed record AwsClientOptions
{
    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Full-jitter base for 5xx answers, timeouts and connection failures.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Full-jitter base after a throttle. Larger than <see cref="BaseDelay"/>: a throttle means the
    /// account-wide budget is spent, and every other client in the account is waiting on it too.
    /// </summary>
    public TimeSpan ThrottlingBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Cap of any single backoff wait.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Deadline of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Client-side limit of write calls per second. Secrets Manager allows 50 writes/s per account and
    /// region, shared with everything else the customer runs there; we take a fifth at most.
    /// </summary>
    public double WritesPerSecond { get; init; } = 10;

    /// <summary>Writes allowed back to back before <see cref="WritesPerSecond"/> applies.</summary>
    public int WriteBurst { get; init; } = 10;

    public string UserAgent { get; init; } = "rotator";
}
