using System.Collections.Concurrent;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

/// <summary>Keeps every report a queue makes, for assertions.</summary>
internal sealed class RecordingWorkQueueMetrics : IWorkQueueMetrics
{
    private int retries;

    public ConcurrentQueue<WorkPriority> Added { get; } = new();

    public ConcurrentDictionary<WorkPriority, int> Depth { get; } = new();

    public ConcurrentQueue<(WorkPriority Lane, TimeSpan Latency)> Latencies { get; } = new();

    public ConcurrentQueue<TimeSpan> WorkDurations { get; } = new();

    public int Retries => Volatile.Read(ref retries);

    public void DepthChanged(WorkPriority lane, int depth) => Depth[lane] = depth;

    public void ItemAdded(WorkPriority priority) => Added.Enqueue(priority);

    public void ItemRetried() => Interlocked.Increment(ref retries);

    public void QueueLatencyObserved(WorkPriority lane, TimeSpan latency) => Latencies.Enqueue((lane, latency));

    public void WorkDurationObserved(TimeSpan duration) => WorkDurations.Enqueue(duration);
}
