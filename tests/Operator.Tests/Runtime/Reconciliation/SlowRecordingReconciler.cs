using k8s;
using k8s.Models;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Tests.Runtime.Reconciliation;

/// <summary>Takes <paramref name="work"/> per object, records the order, and asks for a refresh right away (the Low lane).</summary>
internal sealed class SlowRecordingReconciler(TimeSpan work) : IReconciler<V1ConfigMap>
{
    private readonly List<ObjectKey> order = [];

    public int Count
    {
        get
        {
            lock (order)
            {
                return order.Count;
            }
        }
    }

    /// <summary>Position of the first reconcile of <paramref name="key"/> at or after <paramref name="from"/>, or -1.</summary>
    public int IndexOf(ObjectKey key, int from = 0)
    {
        lock (order)
        {
            return order.IndexOf(key, Math.Min(from, order.Count));
        }
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, V1ConfigMap? resource, CancellationToken cancellationToken)
    {
        await Task.Delay(work, cancellationToken);
        lock (order)
        {
            order.Add(key);
        }

        return ReconcileResult.After(TimeSpan.FromMilliseconds(1));
    }
}
