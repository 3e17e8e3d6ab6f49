using Rotator.Operator.Controllers.Restarts;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>What mirroring AWSCURRENT into the target Secret did.</summary>
/// <param name="State">The pass after it (Ready=False with the reason when the Secret could not be brought up to date).</param>
/// <param name="Mirrored">True when the Secret holds the current version.</param>
/// <param name="Held">What the Secret's consumers could hold before this pass wrote it.</param>
public sealed record MirrorPhaseResult(ReconcileState State, bool Mirrored, HeldVersion Held);
