namespace Rotator.Operator.Metrics;

/// <summary>A value that goes up and down; one label tuple of a <see cref="GaugeFamily"/>.</summary>
public sealed class Gauge
{
    private double value;

    internal Gauge()
    {
    }

    public double Value => Volatile.Read(ref value);

    public void Set(double newValue) => Volatile.Write(ref value, newValue);

    public void Inc(double amount = 1) => AtomicDouble.Add(ref value, amount);

    public void Dec(double amount = 1) => AtomicDouble.Add(ref value, -amount);
}
