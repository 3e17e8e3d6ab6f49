using System.Globalization;
using System.Text.RegularExpressions;

namespace Rotator.Rotation.Schedules;

/// <summary>
/// A resource's <c>schedule</c> and optional <c>window</c>. A slot is a cron occurrence, or for a rate
/// the last rotation plus a whole number of intervals. A slot is due once the clock reaches it and no
/// rotation has happened since; with a window it may start only until the window closes (a slot missed
/// while the operator was down is skipped once its window has passed), without one it stays due until
/// the rotation happens, so an outage delays a rotation but never drops it.
/// </summary>
public sealed partial class RotationSchedule
{
    private RotationSchedule(RateExpression? rate, CronExpression? cron, TimeSpan? window)
    {
        Rate = rate;
        Cron = cron;
        Window = window;
    }

    public RateExpression? Rate { get; }

    public CronExpression? Cron { get; }

    public TimeSpan? Window { get; }

    public string Expression => Rate?.Expression ?? Cron!.Expression;

    /// <param name="expression"><c>rate(...)</c> or <c>cron(...)</c>.</param>
    /// <param name="window">Null, or a duration such as <c>2h</c>, <c>30m</c> or <c>1h30m</c>.</param>
    /// <exception cref="ScheduleFormatException">Either part is not valid; the message says which and where.</exception>
    public static RotationSchedule Parse(string expression, string? window = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        var parsedWindow = window is null ? (TimeSpan?)null : ParseWindow(window);
        if (text.StartsWith("rate(", StringComparison.Ordinal))
        {
            return new RotationSchedule(RateExpression.Parse(text), null, parsedWindow);
        }

        if (text.StartsWith("cron(", StringComparison.Ordinal))
        {
            return new RotationSchedule(null, CronExpression.Parse(text), parsedWindow);
        }

        throw new ScheduleFormatException("expression", $"'{text}' is neither rate(...) nor cron(...)");
    }

    /// <summary>The first slot strictly after <paramref name="after"/>.</summary>
    /// <param name="lastRotation">The last rotation (or, before the first, when the schedule began to apply); anchors rate slots.</param>
    /// <param name="after">The moment to look past.</param>
    public DateTimeOffset? NextOccurrence(DateTimeOffset lastRotation, DateTimeOffset after)
    {
        if (Cron is not null)
        {
            return Cron.Next(after);
        }

        var interval = Rate!.Interval;
        if (after < lastRotation + interval)
        {
            return lastRotation + interval;
        }

        var intervals = ((after - lastRotation).Ticks / interval.Ticks) + 1;
        return lastRotation + TimeSpan.FromTicks(interval.Ticks * intervals);
    }

    /// <inheritdoc cref="NextOccurrence(DateTimeOffset, DateTimeOffset)"/>
    public DateTimeOffset? NextOccurrence(DateTimeOffset lastRotation, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return NextOccurrence(lastRotation, clock.GetUtcNow());
    }

    /// <summary>Whether a slot is due at <paramref name="now"/>.</summary>
    /// <param name="lastRotation">The last rotation (or, before the first, when the schedule began to apply).</param>
    /// <param name="now">The moment to decide for.</param>
    public ScheduleDecision Evaluate(DateTimeOffset lastRotation, DateTimeOffset now)
    {
        var next = NextOccurrence(lastRotation, now);
        var slot = LatestSlot(lastRotation, now);
        if (slot is not { } due || due <= lastRotation)
        {
            return new ScheduleDecision { IsDue = false, NextSlot = next };
        }

        if (Window is { } window && now >= due + window)
        {
            return new ScheduleDecision { IsDue = false, MissedSlot = due, NextSlot = next };
        }

        return new ScheduleDecision { IsDue = true, DueSlot = due, WindowCloses = due + Window, NextSlot = next };
    }

    /// <inheritdoc cref="Evaluate(DateTimeOffset, DateTimeOffset)"/>
    public ScheduleDecision Evaluate(DateTimeOffset lastRotation, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return Evaluate(lastRotation, clock.GetUtcNow());
    }

    public override string ToString() => Window is { } window ? $"{Expression} window {window}" : Expression;

    private DateTimeOffset? LatestSlot(DateTimeOffset lastRotation, DateTimeOffset now)
    {
        if (Cron is not null)
        {
            return Cron.Previous(now);
        }

        var interval = Rate!.Interval;
        if (now < lastRotation + interval)
        {
            return null;
        }

        return lastRotation + TimeSpan.FromTicks(interval.Ticks * ((now - lastRotation).Ticks / interval.Ticks));
    }

    private static TimeSpan ParseWindow(string window)
    {
        var match = WindowShape().Match(window.Trim());
        if (!match.Success || (!match.Groups["h"].Success && !match.Groups["m"].Success))
        {
            throw new ScheduleFormatException("window", $"window '{window}' is not a duration such as 2h, 30m or 1h30m");
        }

        static long Part(Group group) =>
            group.Success && long.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : group.Success ? long.MaxValue : 0;

        var hours = Part(match.Groups["h"]);
        var minutes = Part(match.Groups["m"]);
        if (hours > RateExpression.MaxInterval.TotalHours || minutes > RateExpression.MaxInterval.TotalMinutes)
        {
            throw new ScheduleFormatException("window", $"window '{window}' is longer than 1000 days");
        }

        var total = TimeSpan.FromHours(hours) + TimeSpan.FromMinutes(minutes);
        if (total <= TimeSpan.Zero)
        {
            throw new ScheduleFormatException("window", $"window '{window}' must be longer than zero");
        }

        return total;
    }

    [GeneratedRegex(@"^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?$", RegexOptions.CultureInvariant)]
    private static partial Regex WindowShape();
}
