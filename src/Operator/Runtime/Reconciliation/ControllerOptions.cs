namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>Concurrency of one controller.</summary>
public sealed record ControllerOptions
{
    public required string Name { get; init; }

    /// <summary>Objects reconciled in parallel; one object is never reconciled by two workers at once.</summary>
    public int Workers { get; init; } = 1;
}
