using Rotator.Operator.Resources;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Decides when to rotate: strategy None never does; a rotation in flight resumes, even while
/// suspended; suspension stops everything else; then a new value of the <c>rotator.io/rotate-now</c>
/// annotation (acted on once per value, so re-applying the same manifest does not rotate again); then
/// <c>rotateOnCreate</c>; then the schedule and its window.
/// </summary>
public static class RotationTrigger
{
    /// <summary>The annotation whose every new value requests one rotation.</summary>
    public const string RotateNowAnnotation = "rotator.io/rotate-now";

    /// <param name="resource">The resource (its status and annotations).</param>
    /// <param name="spec">Its resolved spec.</param>
    /// <param name="lastChange">When AWSCURRENT last changed, as AWS reports it; the schedule counts from the later of this and the last rotation.</param>
    /// <param name="now">The current time.</param>
    public static TriggerDecision Decide(RotatingSecret resource, ResolvedSpec spec, DateTimeOffset? lastChange, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Strategy == RotationStrategy.None)
        {
            return new TriggerDecision(false, "strategy None: mirror only", null);
        }

        var status = resource.Status;
        var inFlight = status?.Rotation?.VersionId;
        if (spec.Suspend)
        {
            // Suspension stops new rotations only: one already started has AWSPENDING in Secrets Manager and,
            // after setSecret, a target that may accept only the pending credential, so it is finished.
            return inFlight is null
                ? new TriggerDecision(false, "rotation is suspended", null)
                : new TriggerDecision(true, $"resuming rotation {inFlight} (suspended: no new rotation starts after it)", null);
        }

        var last = Latest(status?.LastRotationTime, lastChange) ?? now;
        var scheduled = spec.Schedule?.Evaluate(last, now);
        var next = scheduled?.NextSlot;
        if (inFlight is not null)
        {
            return new TriggerDecision(true, $"resuming rotation {inFlight}", next);
        }

        if (resource.Metadata.Annotations?.TryGetValue(RotateNowAnnotation, out var request) == true
            && !string.IsNullOrWhiteSpace(request) && request != status?.HandledRotateNow)
        {
            return new TriggerDecision(true, $"{RotateNowAnnotation}={request}", next, request);
        }

        if (spec.RotateOnCreate && status?.LastRotationTime is null && !(status?.History ?? []).Any(h => h.Result == RotationResult.Succeeded))
        {
            return new TriggerDecision(true, "rotateOnCreate", next);
        }

        if (scheduled is { IsDue: true })
        {
            return new TriggerDecision(true, $"schedule {spec.Schedule}", next);
        }

        return new TriggerDecision(false, next is null ? "no rotation scheduled" : "not due", next);
    }

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
