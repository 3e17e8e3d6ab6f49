namespace Rotator.Rotation.Schedules;

/// <summary>Whether a rotation is due at a given moment, and when to look again.</summary>
public sealed record ScheduleDecision
{
    /// <summary>A slot has come since the last rotation and may still start (its window, if any, is open).</summary>
    public required bool IsDue { get; init; }

    /// <summary>The slot that is due; null when nothing is due.</summary>
    public DateTimeOffset? DueSlot { get; init; }

    /// <summary>When the due slot's window closes; null without a window or when nothing is due.</summary>
    public DateTimeOffset? WindowCloses { get; init; }

    /// <summary>The latest slot since the last rotation whose window closed before it could start, for a "missed" event.</summary>
    public DateTimeOffset? MissedSlot { get; init; }

    /// <summary>The first slot after now; null when the schedule has no more slots (a cron bounded by its year field).</summary>
    public DateTimeOffset? NextSlot { get; init; }
}
