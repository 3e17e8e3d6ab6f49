namespace Rotator.Operator.Metrics;

/// <summary>Lock-free arithmetic on a double field: there is no Interlocked.Add for doubles.</summary>
internal static class AtomicDouble
{
    public static void Add(ref double location, double amount)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + amount, current);

            // Compared as bits: a NaN never equals itself, and the loop would spin for ever.
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }

            current = seen;
        }
    }
}
