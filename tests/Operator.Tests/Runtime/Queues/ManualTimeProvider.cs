namespace Rotator.Operator.Tests.Runtime.Queues;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>. Timers due within the step fire
/// on the caller's thread, in due order, with the clock set to their due time, so what a timer
/// callback does is visible as soon as <see cref="Advance"/> returns.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Lock gate = new();
    private readonly List<ManualTimer> timers = [];
    private TimeSpan elapsed;
    private long scheduled;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers that would fire if the clock moved far enough.</summary>
    public int ActiveTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count(t => t.DueAt is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return Epoch + elapsed;
        }
    }

    public override long GetTimestamp()
    {
        lock (gate)
        {
            return elapsed.Ticks;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (gate)
        {
            timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.Zero);
        TimeSpan target;
        lock (gate)
        {
            target = elapsed + step;
        }

        while (true)
        {
            ManualTimer? next;
            lock (gate)
            {
                next = timers
                    .Where(t => t.DueAt is { } due && due <= target)
                    .OrderBy(t => t.DueAt)
                    .ThenBy(t => t.Sequence)
                    .FirstOrDefault();
                if (next is null)
                {
                    elapsed = target;
                    return;
                }

                elapsed = next.DueAt!.Value > elapsed ? next.DueAt.Value : elapsed;
                next.DueAt = next.Period is { } period ? elapsed + period : null;
                next.Sequence = scheduled++;
            }

            // Outside the lock: the callback may read the clock or re-arm timers.
            next.Fire();
        }
    }

    internal bool Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime));
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period));
        }

        lock (gate)
        {
            if (!timers.Contains(timer))
            {
                return false;
            }

            timer.DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : elapsed + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            timer.Sequence = scheduled++;
            return true;
        }
    }

    internal void Remove(ManualTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }
}
