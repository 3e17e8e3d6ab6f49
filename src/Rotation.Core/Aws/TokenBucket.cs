namespace Rotator.Rotation.Aws;

/// <summary>
/// A token bucket on an injected clock: up to <c>burst</c> calls at once, then <c>rate</c> per second.
/// Callers reserve a token and wait for it, so waiters are served in arrival order.
/// </summary>
public sealed class TokenBucket
{
    private readonly double rate;
    private readonly double burst;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private double tokens;
    private long updated;

    public TokenBucket(double ratePerSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentNullException.ThrowIfNull(time);
        rate = ratePerSecond;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        updated = time.GetTimestamp();
    }

    /// <summary>Waits until a token is available and takes it.</summary>
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(updated, now).TotalSeconds * rate));
            updated = now;
            tokens -= 1;
            if (tokens >= 0)
            {
                return;
            }

            // Tokens below zero are reservations: this caller's turn comes once the debt is repaid.
            wait = TimeSpan.FromSeconds(-tokens / rate);
        }

        try
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (gate)
            {
                tokens += 1;
            }

            throw;
        }
    }
}
