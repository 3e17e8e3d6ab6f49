using Rotator.Operator.Runtime.Informers;

namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>
/// Level-based: given the current state of one object (null when it is gone), make the world match it.
/// Throwing retries with per-item backoff; <see cref="TerminalReconcileException"/> stops retries.
/// </summary>
public interface IReconciler<in T>
    where T : class
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, T? resource, CancellationToken cancellationToken);
}
