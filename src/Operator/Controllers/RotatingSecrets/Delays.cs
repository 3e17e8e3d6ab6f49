namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>When a RotatingSecret is looked at again: the shortest of what its steps ask for, retries with backoff, jitter.</summary>
public static class Delays
{
    public static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The shorter of <paramref name="a"/> and <paramref name="b"/>, where null asks for nothing.</summary>
    public static TimeSpan Min(TimeSpan a, TimeSpan? b) => b is { } value && value < a ? value : a;

    /// <summary>Exponential backoff from <paramref name="first"/> to <paramref name="max"/> for the given attempt (1-based).</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan first, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        return Min(TimeSpan.FromTicks((long)Math.Min(first.Ticks * factor, max.Ticks)), max);
    }

    /// <summary>Spreads a thousand resources created together over a tenth of their interval, so their refreshes do not arrive as one burst.</summary>
    public static TimeSpan Jitter(TimeSpan delay) =>
        delay + TimeSpan.FromTicks((long)(delay.Ticks * 0.1 * Random.Shared.NextDouble()));
}
