namespace Rotator.Rotation.Schedules;

/// <summary>
/// The day-of-month field: plain days, <c>L</c> (last day), <c>LW</c> (last weekday) and <c>nW</c> (the
/// weekday nearest day n, never leaving the month). Null <see cref="Days"/> and no specials means <c>?</c>.
/// </summary>
internal sealed record CronDayOfMonth(CronField? Days, bool Last, bool LastWeekday, IReadOnlyList<int> NearestWeekdays)
{
    public bool IsUnspecified => Days is null && !Last && !LastWeekday && NearestWeekdays.Count == 0;

    public bool Matches(int year, int month, int day)
    {
        var length = DateTime.DaysInMonth(year, month);
        if (Days?.Contains(day) == true || (Last && day == length))
        {
            return true;
        }

        if (LastWeekday && day == NearestWeekday(year, month, length, length))
        {
            return true;
        }

        return NearestWeekdays.Any(n => n <= length && day == NearestWeekday(year, month, n, length));
    }

    private static int NearestWeekday(int year, int month, int day, int length)
    {
        var weekday = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).DayOfWeek;
        return weekday switch
        {
            // Saturday goes back to Friday, unless that leaves the month: then on to Monday.
            DayOfWeek.Saturday => day > 1 ? day - 1 : day + 2,
            DayOfWeek.Sunday => day < length ? day + 1 : day - 2,
            _ => day,
        };
    }
}
