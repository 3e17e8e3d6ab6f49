namespace Rotator.Operator.Runtime.Queues;

/// <summary>Reports nowhere; the default until a metrics exporter is wired in.</summary>
public sealed class NoopWorkQueueMetrics : IWorkQueueMetrics
{
    private NoopWorkQueueMetrics()
    {
    }

    public static NoopWorkQueueMetrics Instance { get; } = new();

    public void DepthChanged(WorkPriority lane, int depth)
    {
    }

    public void ItemAdded(WorkPriority priority)
    {
    }

    public void ItemRetried()
    {
    }

    public void QueueLatencyObserved(WorkPriority lane, TimeSpan latency)
    {
    }

    public void WorkDurationObserved(TimeSpan duration)
    {
    }
}
