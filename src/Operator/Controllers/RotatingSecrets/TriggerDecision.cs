namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Whether a rotation starts (or resumes) now, why, and when the schedule next asks for one.</summary>
/// <param name="Due">Start or resume a rotation in this reconcile.</param>
/// <param name="Why">What asked for it (or why not), for logs and events.</param>
/// <param name="NextRotation">The next scheduled slot; null without a schedule or while suspended.</param>
/// <param name="RotateNow">The rotate-now annotation value this rotation answers, if it does.</param>
public sealed record TriggerDecision(bool Due, string Why, DateTimeOffset? NextRotation, string? RotateNow = null);
