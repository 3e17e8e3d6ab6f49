namespace Rotator.Operator.Metrics;

/// <summary>A value that only goes up; one label tuple of a <see cref="CounterFamily"/>.</summary>
public sealed class Counter
{
    private double value;

    internal Counter()
    {
    }

    public double Value => Volatile.Read(ref value);

    /// <summary>Adds <paramref name="amount"/>, which must not be negative (a counter that drops reads as a restart).</summary>
    public void Inc(double amount = 1)
    {
        if (!(amount >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, "A counter only goes up.");
        }

        AtomicDouble.Add(ref value, amount);
    }
}
