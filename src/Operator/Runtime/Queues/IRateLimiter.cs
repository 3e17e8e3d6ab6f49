namespace Rotator.Operator.Runtime.Queues;

/// <summary>Decides how long a failed item waits before it is retried (client-go's <c>RateLimiter</c>).</summary>
public interface IRateLimiter<in T>
    where T : notnull
{
    /// <summary>Records one more failure of <paramref name="item"/> and returns how long it should wait.</summary>
    TimeSpan When(T item);

    /// <summary>Stops tracking <paramref name="item"/>: its next failure is treated as its first.</summary>
    void Forget(T item);

    /// <summary>How many failures of <paramref name="item"/> are on record.</summary>
    int NumRequeues(T item);
}
