namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>
/// Something the controllers wait for, after their own informer synced and before their first reconcile: a
/// secondary cache the reconciler reads from (the managed Secrets), so the first passes after a start are
/// served from memory instead of one API request each. A gate that is not open in time is passed anyway
/// (the reader falls back to the API server), so a broken secondary watch delays reconciling, never stops it.
/// </summary>
public interface IStartGate
{
    /// <summary>Completes when the gate opens; cancelled by the caller's deadline.</summary>
    Task WaitAsync(CancellationToken cancellationToken);
}
