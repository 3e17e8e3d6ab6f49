namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>How one reconcile of one key ended, as <see cref="IReconcileMetrics"/> is told.</summary>
public enum ReconcileOutcome
{
    /// <summary>Done; nothing scheduled.</summary>
    Success,

    /// <summary>Done, with another look scheduled (<see cref="ReconcileResult.RequeueAfter"/>).</summary>
    Requeue,

    /// <summary>Failed; retried with backoff.</summary>
    Error,

    /// <summary>Failed with a <see cref="TerminalReconcileException"/>; waits for the object to change.</summary>
    Terminal,
}
