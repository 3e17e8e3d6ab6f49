using Rotator.Operator.Controllers.Restarts;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>Outcome of one mirror pass. <paramref name="Message"/> names the Secret and what changed, never a value.</summary>
/// <param name="Outcome">What was done.</param>
/// <param name="SecretName">Name of the target Secret (in the RotatingSecret's namespace).</param>
/// <param name="ResourceVersion">The Secret's resourceVersion after the pass; null when it does not exist.</param>
/// <param name="Message">Human-readable summary for conditions and events.</param>
/// <param name="Held">What the Secret's consumers can hold, judged from the Secret as it was before this pass wrote it.</param>
public sealed record MirrorResult(MirrorOutcome Outcome, string SecretName, string? ResourceVersion, string Message, HeldVersion Held);
