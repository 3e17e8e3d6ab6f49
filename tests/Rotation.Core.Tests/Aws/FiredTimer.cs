namespace Rotator.Rotation.Tests.Aws;

/// <summary>The timer <see cref="AutoAdvancingTimeProvider"/> hands out: it has already fired, so there is nothing to change.</summary>
internal sealed class FiredTimer : ITimer
{
    public bool Change(TimeSpan dueTime, TimeSpan period) => false;

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
