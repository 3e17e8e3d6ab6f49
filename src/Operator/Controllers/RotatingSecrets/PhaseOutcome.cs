namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>What the rotation phase of a pass (rotate, roll back, hold, or nothing) decided.</summary>
/// <param name="State">The pass after it.</param>
/// <param name="RetryAfter">When to look again (a retry or a poll); null when the refresh interval will do.</param>
/// <param name="Moved">Set when AWSCURRENT moved in this pass.</param>
/// <param name="Problem">A failure that makes the resource not Ready once the Secret is mirrored.</param>
public sealed record PhaseOutcome(ReconcileState State, TimeSpan? RetryAfter = null, CurrentMoved? Moved = null, ResourceProblem? Problem = null);
