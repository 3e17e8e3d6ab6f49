using System.Globalization;

namespace Rotator.Rotation.Schedules;

/// <summary>Parses the fields of an AWS cron expression; every error names the field it is in.</summary>
internal static class CronFieldParser
{
    public const string Minutes = "minutes";
    public const string Hours = "hours";
    public const string DayOfMonth = "day-of-month";
    public const string Month = "month";
    public const string DayOfWeek = "day-of-week";
    public const string Year = "year";

    public const int FirstYear = 1970;
    public const int LastYear = 2199;

    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    public static CronField Numeric(string field, string text, int min, int max) =>
        new(min, max, List(field, text, min, max, names: null, special: null));

    public static CronField Months(string text) => new(1, 12, List(Month, text, 1, 12, MonthNames, special: null));

    public static CronDayOfMonth DaysOfMonth(string text)
    {
        if (text == "?")
        {
            return new CronDayOfMonth(null, false, false, []);
        }

        var last = false;
        var lastWeekday = false;
        var nearest = new List<int>();
        bool Special(string item)
        {
            switch (item.ToUpperInvariant())
            {
                case "L":
                    last = true;
                    return true;
                case "LW":
                    lastWeekday = true;
                    return true;
                case var w when w.Length > 1 && w[^1] == 'W':
                    nearest.Add(Value(DayOfMonth, item[..^1], 1, 31, names: null, item));
                    return true;
                default:
                    return false;
            }
        }

        var days = List(DayOfMonth, text, 1, 31, names: null, Special);
        return new CronDayOfMonth(days.Count > 0 ? new CronField(1, 31, days) : null, last, lastWeekday, nearest);
    }

    public static CronDayOfWeek DaysOfWeek(string text)
    {
        if (text == "?")
        {
            return new CronDayOfWeek(null, [], []);
        }

        var lastOf = new List<int>();
        var nth = new List<(int, int)>();
        var plain = new List<int>();
        bool Special(string item)
        {
            var upper = item.ToUpperInvariant();
            if (upper == "L")
            {
                // Alone, L is the week's last day.
                plain.Add(7);
                return true;
            }

            if (upper.Length > 1 && upper[^1] == 'L')
            {
                lastOf.Add(Value(DayOfWeek, item[..^1], 1, 7, DayNames, item));
                return true;
            }

            var hash = item.IndexOf('#', StringComparison.Ordinal);
            if (hash < 0)
            {
                return false;
            }

            var day = Value(DayOfWeek, item[..hash], 1, 7, DayNames, item);
            if (!int.TryParse(item[(hash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k is < 1 or > 5)
            {
                throw Error(DayOfWeek, $"'{item}': the number after '#' must be 1 to 5 (the week of the month)");
            }

            nth.Add((day, k));
            return true;
        }

        var days = List(DayOfWeek, text, 1, 7, DayNames, Special).Concat(plain).ToList();
        return new CronDayOfWeek(days.Count > 0 ? new CronField(1, 7, days) : null, lastOf, nth);
    }

    public static ScheduleFormatException Error(string field, string problem) => new(field, $"cron field '{field}': {problem}");

    private static List<int> List(string field, string text, int min, int max, string[]? names, Func<string, bool>? special)
    {
        if (text == "?")
        {
            throw Error(field, "'?' is only allowed in day-of-month and day-of-week");
        }

        var values = new List<int>();
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                throw Error(field, $"'{text}' has an empty list element");
            }

            if (item.Contains('?', StringComparison.Ordinal))
            {
                throw Error(field, "'?' must stand alone");
            }

            if (special?.Invoke(item) == true)
            {
                continue;
            }

            values.AddRange(Item(field, item, min, max, names));
        }

        return values;
    }

    private static IEnumerable<int> Item(string field, string item, int min, int max, string[]? names)
    {
        var parts = item.Split('/');
        if (parts.Length > 2)
        {
            throw Error(field, $"'{item}' has more than one '/'");
        }

        var step = 1;
        if (parts.Length == 2
            && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > max - min + 1))
        {
            throw Error(field, $"'{item}': the step after '/' must be a whole number from 1 to {max - min + 1}");
        }

        int from, to;
        var range = parts[0];
        if (range == "*")
        {
            (from, to) = (min, max);
        }
        else if (range.IndexOf('-', StringComparison.Ordinal) is var dash and > 0)
        {
            from = Value(field, range[..dash], min, max, names, item);
            to = Value(field, range[(dash + 1)..], min, max, names, item);
            if (from > to)
            {
                throw Error(field, $"'{item}': the range runs backwards");
            }
        }
        else
        {
            from = Value(field, range, min, max, names, item);
            // A single value with a step means "from here on", as in 0/15.
            to = parts.Length == 2 ? max : from;
        }

        for (var v = from; v <= to; v += step)
        {
            yield return v;
        }
    }

    private static int Value(string field, string token, int min, int max, string[]? names, string item)
    {
        if (names is not null)
        {
            var index = Array.FindIndex(names, n => n.Equals(token, StringComparison.OrdinalIgnoreCase));
            if (index >= 0)
            {
                return index + min;
            }
        }

        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var allowed = names is null ? $"a number {min}-{max}" : $"a number {min}-{max} or {names[0]}-{names[^1]}";
            throw Error(field, $"'{item}': '{token}' is not {allowed}");
        }

        if (value < min || value > max)
        {
            var alias = names is null ? "" : $" ({names[0]}-{names[^1]})";
            throw Error(field, $"'{item}': {value} is out of range {min}-{max}{alias}");
        }

        return value;
    }
}
