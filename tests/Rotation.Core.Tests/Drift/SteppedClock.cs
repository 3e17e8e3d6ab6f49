namespace Rotator.Rotation.Tests.Drift;

/// <summary>A wall clock that moves only when a test says so (the catalog reads nothing else of time).</summary>
internal sealed class SteppedClock : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
