using Rotator.Api;


namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Decides when to rotate: strategy None never does; a rotation in flight resumes, even while
/// suspended; suspension stops everything else; then a new value of the <c>rotator.io/rotate-now</c>
/// annotation (acted on once per value, so re-applying the same manifest does not rotate again); then
/// <c>rotateOnCreate</c>; then the schedule and its window.
/// </summary>
public static class RotationTrigger
{
    /// <summary>How long a schedule or rotateOnCreate waits after an abandoned rotation unless told otherwise.</summary>
    public static readonly TimeSpan DefaultRetryAfterAbandoned = TimeSpan.FromHours(1);

    /// <param name="resource">The resource (its status and annotations).</param>
    /// <param name="spec">Its resolved spec.</param>
    /// <param name="lastChange">When AWSCURRENT last changed, as AWS reports it; the schedule counts from the later of this and the last rotation.</param>
    /// <param name="now">The current time.</param>
    /// <param name="retryAfterAbandoned">After a rotation was given up, how long a schedule or rotateOnCreate waits before trying again (rotate-now does not wait).</param>
    public static TriggerDecision Decide(RotatingSecret resource, ResolvedSpec spec, DateTimeOffset? lastChange, DateTimeOffset now, TimeSpan? retryAfterAbandoned = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(spec);
        var status = resource.Status;
        var inFlight = status?.Rotation?.VersionId;
        if (spec.Strategy == RotationStrategy.None)
        {
            // Without a strategy a half-done rotation can be neither finished nor undone on its target: it is
            // left as it is (AWSPENDING stays) and resumes if the strategy is set back.
            return new TriggerDecision(false, inFlight is null
                ? "strategy None: mirror only"
                : $"strategy None: rotation {inFlight} was in flight and is left as it is (AWSPENDING stays on that version); set the strategy back to finish it", null);
        }

        if (spec.Suspend)
        {
            // Suspension stops new rotations only: one already started has AWSPENDING in Secrets Manager and,
            // after setSecret, a target that may accept only the pending credential, so it is finished.
            return inFlight is null
                ? new TriggerDecision(false, "rotation is suspended", null)
                : new TriggerDecision(true, $"resuming rotation {inFlight} (suspended: no new rotation starts after it)", null);
        }

        // A secret with no recorded change yet counts from the resource's creation, so the next slot is
        // stable from pass to pass (counting from "now" would move it, and rewrite the status, every refresh).
        var last = Latest(status?.LastRotationTime, lastChange) ?? resource.Metadata.CreationTimestamp ?? now;
        var scheduled = spec.Schedule?.Evaluate(last, now);
        var next = scheduled?.NextSlot;
        if (inFlight is not null)
        {
            return new TriggerDecision(true, $"resuming rotation {inFlight}", next);
        }

        if (resource.Metadata.Annotations?.TryGetValue(RequestAnnotations.RotateNow, out var request) == true
            && !string.IsNullOrWhiteSpace(request) && request != status?.HandledRotateNow)
        {
            return new TriggerDecision(true, $"{RequestAnnotations.RotateNow}={request}", next, request);
        }

        // A rotation given up after its attempts (target down, permissions denied) is not started again at
        // once: with the schedule slot still open it would fail the same way every refresh. One whose approval
        // expired waits the same: otherwise a new pending version would be stored (and announced) right away.
        if (status?.History is [{ Result: HistoryResult.RolledBack or HistoryResult.Expired, FinishedAt: { } abandonedAt }, ..]
            && abandonedAt + (retryAfterAbandoned ?? DefaultRetryAfterAbandoned) is var retryAt && retryAt > now)
        {
            return new TriggerDecision(false, $"the last rotation was abandoned; the next attempt is not before {retryAt:u}", scheduled is { IsDue: true } || next is null || next < retryAt ? retryAt : next);
        }

        if (spec.RotateOnCreate && status?.LastRotationTime is null && !(status?.History ?? []).Any(h => h.Result == HistoryResult.Succeeded))
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
