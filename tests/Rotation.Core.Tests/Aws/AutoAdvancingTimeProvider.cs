namespace Rotator.Rotation.Tests.Aws;

/// <summary>
/// A fake clock whose timers fire at once and move the clock forward by their due time: code that
/// sleeps (backoff, rate limits, polling) runs at full speed while the clock records how long it would
/// have slept. <see cref="Advance"/> moves it by hand. Kept beside <c>FakeTimeProvider</c> because that
/// one fires a timer only when the test moves the clock (or when the code reads it, with
/// <c>AutoAdvanceAmount</c>), and the code here awaits <c>Task.Delay</c> inside one call, with nothing
/// left to move the clock until the delay ends.
/// </summary>
internal sealed class AutoAdvancingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public AutoAdvancingTimeProvider()
        : this(DateTimeOffset.UtcNow)
    {
    }

    public DateTimeOffset Start { get; } = start;

    public TimeSpan Elapsed => GetUtcNow() - Start;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Advance(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }
}
