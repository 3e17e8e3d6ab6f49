namespace Rotator.Operator.Runtime.Queues;

/// <summary>An item that needs processing: either waiting in a lane or held back until its current processing is done.</summary>
internal sealed class DirtyItem<T>(WorkPriority priority, TimeSpan addedAt)
{
    public WorkPriority Priority { get; set; } = priority;

    public TimeSpan AddedAt { get; } = addedAt;

    /// <summary>Its place in a lane; null while it waits for its earlier processing to be done.</summary>
    public LinkedListNode<T>? Node { get; set; }
}
