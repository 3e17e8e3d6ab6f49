namespace Rotator.Operator.Runtime.Events;

/// <summary>Identity and aggregation settings of the event recorder.</summary>
public sealed record EventRecorderOptions
{
    public string ReportingController { get; init; } = "rotator.io/rotator";

    /// <summary>The pod (and leader-election identity) writing the events.</summary>
    public required string ReportingInstance { get; init; }

    /// <summary>
    /// Repeats of the same event (object, type, reason, action, note) within this window fold into one
    /// Event's <c>series</c> instead of creating a new object each time.
    /// </summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(6);

    /// <summary>A repeating event's series is written at most this often.</summary>
    public TimeSpan SeriesUpdateInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Events waiting to be written; beyond this the oldest are dropped (events are best effort).</summary>
    public int QueueCapacity { get; init; } = 1000;
}
