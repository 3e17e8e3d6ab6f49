using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Reconciliation;

namespace Rotator.Operator.Tests.Hosting;

/// <summary>Remembers every key it was asked to reconcile, in order; with <paramref name="requeueAfter"/>, asks to see each again (constant work while leading).</summary>
internal sealed class RecordingReconciler(TimeSpan? requeueAfter = null) : IReconciler<V1ConfigMap>
{
    public ConcurrentQueue<ObjectKey> Seen { get; } = new();

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, V1ConfigMap? resource, CancellationToken cancellationToken)
    {
        Seen.Enqueue(key);
        return Task.FromResult(new ReconcileResult(requeueAfter));
    }
}
