namespace Rotator.Operator.Tests.Runtime.Queues;

/// <summary>A timer of <see cref="ManualTimeProvider"/>; its schedule is kept under the provider's lock.</summary>
internal sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
{
    /// <summary>Clock reading at which it fires next; null when disarmed.</summary>
    public TimeSpan? DueAt { get; set; }

    public TimeSpan? Period { get; set; }

    /// <summary>Breaks ties between timers due at the same time: the one armed first fires first.</summary>
    public long Sequence { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Schedule(this, dueTime, period);

    public void Fire() => callback(state);

    public void Dispose() => owner.Remove(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
