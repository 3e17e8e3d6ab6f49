namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>Reports nowhere: the default when a controller is built without metrics (tests, tools).</summary>
public sealed class NoopReconcileMetrics : IReconcileMetrics
{
    private NoopReconcileMetrics()
    {
    }

    public static NoopReconcileMetrics Instance { get; } = new();

    public void Reconciled(ReconcileOutcome outcome, TimeSpan duration)
    {
    }
}
