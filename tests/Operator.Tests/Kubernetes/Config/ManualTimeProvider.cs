namespace Rotator.Operator.Tests.Kubernetes.Config;

/// <summary>
/// A clock that moves only when a test says so. Timers stay real (the base implementation): the
/// sources under test read the time, and only plugin timeouts use timers, tested in real time.
/// </summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (gate)
        {
            now += by;
        }
    }
}
