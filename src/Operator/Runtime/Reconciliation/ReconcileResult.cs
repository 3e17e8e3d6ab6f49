namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>What a reconcile asks of the controller: nothing more, or another look after a delay (schedules, refresh).</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done => new(null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
