namespace Rotator.Rotation.Schedules;

/// <summary>A schedule expression or window that does not parse. The message points at the bad field.</summary>
public sealed class ScheduleFormatException : FormatException
{
    public ScheduleFormatException()
    {
    }

    public ScheduleFormatException(string message)
        : base(message)
    {
    }

    public ScheduleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScheduleFormatException(string field, string message)
        : base(message)
    {
        Field = field;
    }

    /// <summary>The part that failed: a cron field name (e.g. <c>day-of-week</c>), <c>rate</c>, <c>window</c> or <c>expression</c>.</summary>
    public string? Field { get; }
}
