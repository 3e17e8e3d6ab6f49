namespace Rotator.Operator.Metrics;

/// <summary>The exposition format's TYPE of a family; only the types this operator exports.</summary>
public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
