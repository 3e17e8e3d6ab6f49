namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>The outcome of <see cref="SecretObserver"/>: an observation to act on, or a reason (already on the state) to stop and look again later.</summary>
/// <param name="State">The pass, with Ready=False set when blocked.</param>
/// <param name="Observed">Null when the pass stops here.</param>
/// <param name="RetryAfter">When to look again if the pass stops here.</param>
public sealed record ObserveResult(ReconcileState State, Observation? Observed, TimeSpan RetryAfter);
