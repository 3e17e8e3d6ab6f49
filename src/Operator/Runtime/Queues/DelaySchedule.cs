namespace Rotator.Operator.Runtime.Queues;

/// <summary>
/// The delayed adds of a <see cref="WorkQueue{T}"/>: one due time and lane per item, the earlier time and the higher
/// lane winning when an item is delayed again. Not thread-safe: the queue calls it under its lock.
/// </summary>
internal sealed class DelaySchedule<T>
    where T : notnull
{
    private readonly Dictionary<T, DelayedItem> delayed = [];

    // Moving a delayed item earlier leaves its old heap entry behind; entries that no longer match
    // `delayed` are skipped when they surface, which is cheaper than removing them from the heap.
    private readonly PriorityQueue<T, (TimeSpan ReadyAt, long Sequence)> heap = new();
    private long sequence;

    /// <summary>Delays <paramref name="item"/> until <paramref name="readyAt"/>, unless it is already due earlier (then only its lane may rise).</summary>
    public void Schedule(T item, TimeSpan readyAt, WorkPriority priority)
    {
        if (delayed.TryGetValue(item, out var waiting))
        {
            var higher = priority < waiting.Priority ? priority : waiting.Priority;
            if (readyAt >= waiting.ReadyAt)
            {
                delayed[item] = waiting with { Priority = higher };
                return;
            }

            priority = higher;
        }

        delayed[item] = new DelayedItem(readyAt, priority);
        heap.Enqueue(item, (readyAt, sequence++));
    }

    /// <summary>Removes and returns the items due at <paramref name="now"/>, with their lanes.</summary>
    public List<(T Item, WorkPriority Priority)> TakeDue(TimeSpan now)
    {
        var due = new List<(T, WorkPriority)>();
        while (heap.TryPeek(out var item, out var key) && key.ReadyAt <= now)
        {
            heap.Dequeue();
            if (delayed.TryGetValue(item, out var waiting) && waiting.ReadyAt == key.ReadyAt)
            {
                delayed.Remove(item);
                due.Add((item, waiting.Priority));
            }
        }

        return due;
    }

    /// <summary>When the next item is due; null when nothing waits.</summary>
    public TimeSpan? NextDue()
    {
        while (heap.TryPeek(out var item, out var key)
            && !(delayed.TryGetValue(item, out var waiting) && waiting.ReadyAt == key.ReadyAt))
        {
            heap.Dequeue();
        }

        return heap.TryPeek(out _, out var next) ? next.ReadyAt : null;
    }

    public void Clear()
    {
        delayed.Clear();
        heap.Clear();
    }
}
