using System.Globalization;
using System.Text.RegularExpressions;

namespace Rotator.Rotation.Schedules;

/// <summary>
/// An AWS rate expression, <c>rate(N minutes|hours|days)</c>: the unit is singular for 1 and plural
/// otherwise, as AWS requires. Slots follow the last rotation every <see cref="Interval"/>.
/// </summary>
public sealed partial record RateExpression
{
    /// <summary>Secrets Manager's own upper bound for a rotation interval.</summary>
    public static readonly TimeSpan MaxInterval = TimeSpan.FromDays(1000);

    private RateExpression(string expression, TimeSpan interval)
    {
        Expression = expression;
        Interval = interval;
    }

    public string Expression { get; }

    public TimeSpan Interval { get; }

    /// <exception cref="ScheduleFormatException">The expression is not valid.</exception>
    public static RateExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        var match = Shape().Match(text);
        if (!match.Success)
        {
            throw new ScheduleFormatException("rate", $"'{text}' is not of the form rate(N minutes|hours|days), e.g. rate(1 day) or rate(30 days)");
        }

        if (!long.TryParse(match.Groups["value"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new ScheduleFormatException("rate", $"'{text}': the value must be a whole number of at least 1");
        }

        var unit = match.Groups["unit"].Value;
        var plural = unit.EndsWith('s');
        if (value == 1 && plural)
        {
            throw new ScheduleFormatException("rate", $"'{text}': for 1 the unit is singular, e.g. rate(1 {unit[..^1]})");
        }

        if (value > 1 && !plural)
        {
            throw new ScheduleFormatException("rate", $"'{text}': for {value} the unit is plural, e.g. rate({value} {unit}s)");
        }

        var minutes = unit.TrimEnd('s') switch
        {
            "minute" => value,
            "hour" => value * 60,
            _ => value * 60 * 24,
        };
        if (value > MaxInterval.TotalMinutes || minutes > MaxInterval.TotalMinutes)
        {
            throw new ScheduleFormatException("rate", $"'{text}': the interval may be at most 1000 days");
        }

        return new RateExpression(text, TimeSpan.FromMinutes(minutes));
    }

    public override string ToString() => Expression;

    [GeneratedRegex(@"^rate\((?<value>[0-9]+) (?<unit>minutes?|hours?|days?)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
