namespace Rotator.Rotation.Schedules;

/// <summary>
/// The day-of-week field in AWS numbering (1 = SUN .. 7 = SAT): plain days, <c>nL</c> (the month's last
/// day n) and <c>n#k</c> (the month's k-th day n). Null <see cref="Days"/> and no specials means <c>?</c>.
/// </summary>
internal sealed record CronDayOfWeek(CronField? Days, IReadOnlyList<int> LastOfMonth, IReadOnlyList<(int Day, int Nth)> NthOfMonth)
{
    public bool IsUnspecified => Days is null && LastOfMonth.Count == 0 && NthOfMonth.Count == 0;

    public bool Matches(int year, int month, int day)
    {
        var weekday = AwsDayOfWeek(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc));
        if (Days?.Contains(weekday) == true)
        {
            return true;
        }

        if (LastOfMonth.Contains(weekday) && day + 7 > DateTime.DaysInMonth(year, month))
        {
            return true;
        }

        var nth = ((day - 1) / 7) + 1;
        return NthOfMonth.Contains((weekday, nth));
    }

    public static int AwsDayOfWeek(DateTime date) => (int)date.DayOfWeek + 1;
}
