namespace Rotator.Operator.Runtime.Queues;

/// <summary>
/// What a <see cref="WorkQueue{T}"/> reports as work flows through it. The queue calls these while
/// holding its lock, so that reports arrive in the order things happened: implementations must be
/// quick and must not call back into the queue.
/// </summary>
public interface IWorkQueueMetrics
{
    /// <summary>The number of items waiting in <paramref name="lane"/> is now <paramref name="depth"/>.</summary>
    void DepthChanged(WorkPriority lane, int depth);

    /// <summary>An item became due for processing; adds that were deduplicated are not reported.</summary>
    void ItemAdded(WorkPriority priority);

    /// <summary>A failed item was handed back to be retried after its rate-limited delay.</summary>
    void ItemRetried();

    /// <summary>An item waited <paramref name="latency"/> from its add until a getter took it from <paramref name="lane"/>.</summary>
    void QueueLatencyObserved(WorkPriority lane, TimeSpan latency);

    /// <summary>An item was processed for <paramref name="duration"/>, from get to done.</summary>
    void WorkDurationObserved(TimeSpan duration);
}
