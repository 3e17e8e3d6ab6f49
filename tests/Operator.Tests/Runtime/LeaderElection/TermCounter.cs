namespace Rotator.Operator.Tests.Runtime.LeaderElection;

/// <summary>How many leadership terms run at once, and the most there ever were.</summary>
internal sealed class TermCounter
{
    private int active;
    private int max;

    public int Max => Volatile.Read(ref max);

    public void Enter()
    {
        var now = Interlocked.Increment(ref active);
        int seen;
        while (now > (seen = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, now, seen) != seen)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref active);
}
