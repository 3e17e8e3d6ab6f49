namespace Rotator.Operator.Runtime.Informers;

/// <summary>What the host needs from every informer, whatever it watches.</summary>
public interface IInformer
{
    /// <summary>Human-readable name, e.g. <c>secrets (app.kubernetes.io/managed-by=rotator)</c>.</summary>
    string Name { get; }

    /// <summary>True once the first complete list is in the store (the ready gate).</summary>
    bool HasSynced { get; }

    /// <summary>Completes when <see cref="HasSynced"/> becomes true.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Lists and watches until cancelled. Throws only on cancellation; every other failure is retried.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
