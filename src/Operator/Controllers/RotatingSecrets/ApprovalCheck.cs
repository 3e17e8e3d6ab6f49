namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>What the approval gate says about one rotation in one reconcile.</summary>
/// <param name="State">Run, hold, wait, or discard.</param>
/// <param name="StaleApproval">A <c>rotator.io/approve</c> value that names another version (ignored); null when there is none.</param>
/// <param name="Deadline">When an unapproved pending version is discarded; null without a timeout or before it waits.</param>
public sealed record ApprovalCheck(ApprovalState State, string? StaleApproval = null, DateTimeOffset? Deadline = null);
