namespace Rotator.Operator.Runtime.Queues;

/// <summary>
/// The lane of a <see cref="WorkQueue{T}"/> an item waits in. A getter always takes from the highest
/// non-empty lane, so a new object is never stuck behind thousands of periodic refreshes.
/// </summary>
public enum WorkPriority
{
    /// <summary>Newly created objects: their owners are waiting for them right now.</summary>
    High = 0,

    /// <summary>Changes to objects that already exist.</summary>
    Normal = 1,

    /// <summary>Periodic refreshes (resyncs), which can always wait for real work.</summary>
    Low = 2,
}
