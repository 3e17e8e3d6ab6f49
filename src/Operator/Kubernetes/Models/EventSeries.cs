namespace Rotator.Operator.Kubernetes.Models;

/// <summary>Repeats of an event folded into one object instead of one object per occurrence.</summary>
public sealed class EventSeries
{
    public int Count { get; set; }

    public DateTimeOffset LastObservedTime { get; set; }
}
