namespace Rotator.Rotation.Tests.Fakes;

/// <summary>The system clock moved by a fixed offset: a server whose clock is wrong.</summary>
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
