namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>What the host needs from every controller, whatever it reconciles.</summary>
public interface IController
{
    /// <summary>Human-readable name for logs and health reports.</summary>
    string Name { get; }

    /// <summary>
    /// Reconciles until cancelled (throws <see cref="OperationCanceledException"/> or returns then). May be
    /// called again after a cancelled run: a leader that lost and regained its lease starts its workers anew.
    /// </summary>
    Task RunAsync(CancellationToken cancellationToken);
}
