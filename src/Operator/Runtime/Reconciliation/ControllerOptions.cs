namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>Concurrency of one controller.</summary>
public sealed record ControllerOptions
{
    public required string Name { get; init; }

    /// <summary>Objects reconciled in parallel; one object is never reconciled by two workers at once.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Waited for after the informer synced and before the first reconcile; see <see cref="IStartGate"/>.</summary>
    public IReadOnlyList<IStartGate> StartGates { get; init; } = [];

    /// <summary>How long the gates may hold the first reconcile back before the workers start anyway.</summary>
    public TimeSpan StartGateTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
