namespace Rotator.Operator.Runtime.Queues;

/// <summary>Asks every limiter and waits for the longest answer (client-go's MaxOfRateLimiter).</summary>
public sealed class MaxOfRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly IRateLimiter<T>[] limiters;

    public MaxOfRateLimiter(params IRateLimiter<T>[] limiters)
    {
        ArgumentNullException.ThrowIfNull(limiters);
        if (limiters.Length == 0 || Array.Exists(limiters, l => l is null))
        {
            throw new ArgumentException("At least one limiter, and no null ones, are needed.", nameof(limiters));
        }

        this.limiters = [.. limiters];
    }

    public TimeSpan When(T item)
    {
        // Every limiter is asked, not just until the largest is found: each must record the failure.
        var longest = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var wait = limiter.When(item);
            if (wait > longest)
            {
                longest = wait;
            }
        }

        return longest;
    }

    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item)
    {
        var most = 0;
        foreach (var limiter in limiters)
        {
            most = Math.Max(most, limiter.NumRequeues(item));
        }

        return most;
    }
}
