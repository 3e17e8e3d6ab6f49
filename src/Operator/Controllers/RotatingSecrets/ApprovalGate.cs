using Rotator.Api;


namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// The approval gate of <c>spec.rotation.approval: Manual</c>: a rotation stores its new version as AWSPENDING,
/// then waits before setSecret (the first step that changes the target) until the annotation
/// <c>rotator.io/approve</c> names that version id. Naming the version, not saying "yes", is what makes an
/// approval safe to leave on the resource: it can never approve a later rotation by accident.
/// </summary>
public static class ApprovalGate
{
    /// <summary>
    /// Decides for the rotation in <paramref name="progress"/> (as it will be checkpointed). The gate is a
    /// property of the rotation, fixed when it started (<see cref="RotationProgress.ApprovalRequired"/>), so an
    /// edit of <c>spec.rotation.approval</c> to Manual never holds a rotation that may already be past setSecret;
    /// an edit to Automatic releases a waiting one, which is that edit's point.
    /// </summary>
    public static ApprovalCheck Check(RotatingSecret resource, ResolvedSpec spec, RotationProgress progress, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.ApprovalRequired != true || spec.Approval != ApprovalMode.Manual)
        {
            return new ApprovalCheck(ApprovalState.NotRequired);
        }

        var approval = resource.Metadata.Annotations?.TryGetValue(RequestAnnotations.Approve, out var value) == true ? value?.Trim() : null;
        if (progress.ApprovedAt is not null || (approval is { Length: > 0 } && approval == progress.VersionId))
        {
            return new ApprovalCheck(ApprovalState.Approved);
        }

        var stale = approval is { Length: > 0 } ? approval : null;
        if (progress.AwaitingApprovalSince is not { } since)
        {
            return new ApprovalCheck(ApprovalState.Hold, stale);
        }

        var deadline = spec.ApprovalTimeout is { } timeout ? since + timeout : (DateTimeOffset?)null;
        return new ApprovalCheck(deadline <= now ? ApprovalState.Expired : ApprovalState.Waiting, stale, deadline);
    }
}
