using Prometheus;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Metrics;

/// <summary>
/// One work queue's reports turned into its samples; the children are looked up once, here, so the
/// queue's hot path (run under its lock) is a few interlocked operations.
/// </summary>
internal sealed class QueueMetrics(IGauge depthGauge, ICounter addCounter, ICounter retryCounter, IHistogram latencyHistogram) : IWorkQueueMetrics
{
    // Per-lane depths; the exported depth is their sum. The queue reports under its own lock, so these
    // writes never race each other.
    private readonly int[] lanes = new int[Enum.GetValues<WorkPriority>().Length];

    public void DepthChanged(WorkPriority lane, int depth)
    {
        lanes[(int)lane] = depth;
        var total = 0;
        foreach (var count in lanes)
        {
            total += count;
        }

        depthGauge.Set(total);
    }

    public void ItemAdded(WorkPriority priority) => addCounter.Inc();

    public void ItemRetried() => retryCounter.Inc();

    public void QueueLatencyObserved(WorkPriority lane, TimeSpan latency) => latencyHistogram.Observe(latency.TotalSeconds);

    public void WorkDurationObserved(TimeSpan duration)
    {
        // Not exported: rotator_reconcile_duration_seconds measures the same span, per controller.
    }
}
