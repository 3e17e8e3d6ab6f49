using System.Collections.Concurrent;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>
/// Lets a change to an owned object (a mirrored Secret) wake its owner's controller at once, as controller-runtime's
/// <c>Owns()</c> does, instead of leaving it to the owner's next refresh: each controller registers its work queue for
/// the kind and namespace it watches, and the watch of the owned kind enqueues the owner's key.
/// </summary>
public sealed class OwnerQueues
{
    private readonly ConcurrentDictionary<(string Kind, string? Namespace), WorkQueue<ObjectKey>> queues = new();

    /// <param name="kind">The owner kind the queue reconciles, e.g. <c>RotatingSecret</c>.</param>
    /// <param name="ns">The namespace its controller watches; null for a cluster-wide controller.</param>
    /// <param name="queue">The controller's work queue.</param>
    public void Register(string kind, string? ns, WorkQueue<ObjectKey> queue) => queues[(kind, ns)] = queue;

    /// <summary>Adds <paramref name="owner"/> to the queue of the controller that watches it; false when none does.</summary>
    public bool Enqueue(string kind, ObjectKey owner, WorkPriority priority)
    {
        if (!queues.TryGetValue((kind, owner.Namespace), out var queue) && !queues.TryGetValue((kind, null), out queue))
        {
            return false;
        }

        queue.Add(owner, priority);
        return true;
    }
}
