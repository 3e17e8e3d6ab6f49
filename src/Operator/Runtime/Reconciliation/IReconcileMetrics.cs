namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>
/// What a <see cref="Controller{T}"/> reports about its reconciles; one instance per controller.
/// Called on the worker after each reconcile: implementations must be quick and thread-safe.
/// </summary>
public interface IReconcileMetrics
{
    /// <summary>A reconcile ended with <paramref name="outcome"/> after <paramref name="duration"/>. Reconciles cut short by shutdown are not reported.</summary>
    void Reconciled(ReconcileOutcome outcome, TimeSpan duration);
}
