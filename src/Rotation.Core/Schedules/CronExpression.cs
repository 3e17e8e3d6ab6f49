namespace Rotator.Rotation.Schedules;

/// <summary>
/// An AWS cron expression, <c>cron(minutes hours day-of-month month day-of-week year)</c>, in UTC with
/// minute resolution: lists, ranges, steps, month and day names, <c>?</c>, <c>L</c>, <c>W</c> and
/// <c>#</c>. Day-of-week counts from 1 = SUN, and exactly one of day-of-month and day-of-week is <c>?</c>.
/// </summary>
public sealed class CronExpression
{
    private readonly CronField minutes;
    private readonly CronField hours;
    private readonly CronDayOfMonth daysOfMonth;
    private readonly CronField months;
    private readonly CronDayOfWeek daysOfWeek;
    private readonly CronField years;

    private CronExpression(
        string expression, CronField minutes, CronField hours, CronDayOfMonth daysOfMonth, CronField months, CronDayOfWeek daysOfWeek, CronField years)
    {
        Expression = expression;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.years = years;
    }

    /// <summary>The expression as written, e.g. <c>cron(0 16 1,15 * ? *)</c>.</summary>
    public string Expression { get; }

    /// <exception cref="ScheduleFormatException">The expression is not valid; the message names the field.</exception>
    public static CronExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (!text.StartsWith("cron(", StringComparison.Ordinal) || !text.EndsWith(')'))
        {
            throw new ScheduleFormatException("expression", $"'{text}' is not of the form cron(minutes hours day-of-month month day-of-week year)");
        }

        var fields = text[5..^1].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new ScheduleFormatException(
                "expression", $"cron needs 6 fields (minutes hours day-of-month month day-of-week year), '{text}' has {fields.Length}");
        }

        var minute = CronFieldParser.Numeric(CronFieldParser.Minutes, fields[0], 0, 59);
        var hour = CronFieldParser.Numeric(CronFieldParser.Hours, fields[1], 0, 23);
        var dayOfMonth = CronFieldParser.DaysOfMonth(fields[2]);
        var month = CronFieldParser.Months(fields[3]);
        var dayOfWeek = CronFieldParser.DaysOfWeek(fields[4]);
        var year = CronFieldParser.Numeric(CronFieldParser.Year, fields[5], CronFieldParser.FirstYear, CronFieldParser.LastYear);
        if (dayOfMonth.IsUnspecified == dayOfWeek.IsUnspecified)
        {
            throw new ScheduleFormatException(
                CronFieldParser.DayOfWeek,
                dayOfMonth.IsUnspecified
                    ? "cron fields 'day-of-month' and 'day-of-week': only one of them may be '?'"
                    : "cron fields 'day-of-month' and 'day-of-week': one of them must be '?'");
        }

        return new CronExpression(text, minute, hour, dayOfMonth, month, dayOfWeek, year);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC; null when there is none before 2200.</summary>
    public DateTimeOffset? Next(DateTimeOffset after)
    {
        var t = TruncateToMinute(after.UtcDateTime).AddMinutes(1);
        while (true)
        {
            if (!years.Contains(t.Year))
            {
                if (years.NextAtOrAfter(t.Year) is not { } year)
                {
                    return null;
                }

                t = Utc(year, 1, 1);
            }
            else if (!months.Contains(t.Month))
            {
                t = months.NextAtOrAfter(t.Month) is { } month ? Utc(t.Year, month, 1) : Utc(t.Year, 1, 1).AddYears(1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
            }
            else if (!hours.Contains(t.Hour))
            {
                t = hours.NextAtOrAfter(t.Hour) is { } hour ? t.Date.AddHours(hour) : t.Date.AddDays(1);
            }
            else if (!minutes.Contains(t.Minute))
            {
                var hourStart = t.Date.AddHours(t.Hour);
                t = minutes.NextAtOrAfter(t.Minute) is { } minute ? hourStart.AddMinutes(minute) : hourStart.AddHours(1);
            }
            else
            {
                return new DateTimeOffset(t, TimeSpan.Zero);
            }

            if (t.Year > CronFieldParser.LastYear)
            {
                return null;
            }
        }
    }

    /// <summary>The last occurrence at or before <paramref name="atOrBefore"/>, in UTC; null when there is none since 1970.</summary>
    public DateTimeOffset? Previous(DateTimeOffset atOrBefore)
    {
        var t = TruncateToMinute(atOrBefore.UtcDateTime);
        while (true)
        {
            if (t.Year < CronFieldParser.FirstYear)
            {
                return null;
            }

            if (!years.Contains(t.Year))
            {
                if (years.PreviousAtOrBefore(t.Year) is not { } year)
                {
                    return null;
                }

                t = Utc(year, 12, 31).AddDays(1).AddMinutes(-1);
            }
            else if (!months.Contains(t.Month))
            {
                t = months.PreviousAtOrBefore(t.Month) is { } month
                    ? Utc(t.Year, month, 1).AddMonths(1).AddMinutes(-1)
                    : Utc(t.Year, 1, 1).AddMinutes(-1);
            }
            else if (!DayMatches(t))
            {
                t = t.Date.AddMinutes(-1);
            }
            else if (!hours.Contains(t.Hour))
            {
                t = hours.PreviousAtOrBefore(t.Hour) is { } hour ? t.Date.AddHours(hour).AddMinutes(59) : t.Date.AddMinutes(-1);
            }
            else if (!minutes.Contains(t.Minute))
            {
                var hourStart = t.Date.AddHours(t.Hour);
                t = minutes.PreviousAtOrBefore(t.Minute) is { } minute ? hourStart.AddMinutes(minute) : hourStart.AddMinutes(-1);
            }
            else
            {
                return new DateTimeOffset(t, TimeSpan.Zero);
            }
        }
    }

    public override string ToString() => Expression;

    private bool DayMatches(DateTime t) =>
        daysOfMonth.IsUnspecified ? daysOfWeek.Matches(t.Year, t.Month, t.Day) : daysOfMonth.Matches(t.Year, t.Month, t.Day);

    private static DateTime Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, DateTimeKind.Utc);

    private static DateTime TruncateToMinute(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
}
