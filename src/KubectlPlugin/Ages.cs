using System.Globalization;

namespace Rotator.KubectlPlugin;

/// <summary>Short relative durations as kubectl prints them (45s, 5m, 3h, 2d, 1y).</summary>
public static class Ages
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        var c = CultureInfo.InvariantCulture;
        return span.TotalSeconds < 120 ? ((int)span.TotalSeconds).ToString(c) + "s"
            : span.TotalMinutes < 180 ? ((int)span.TotalMinutes).ToString(c) + "m"
            : span.TotalHours < 48 ? ((int)span.TotalHours).ToString(c) + "h"
            : span.TotalDays < 730 ? ((int)span.TotalDays).ToString(c) + "d"
            : ((int)(span.TotalDays / 365)).ToString(c) + "y";
    }

    /// <summary>How long ago <paramref name="time"/> was, or "-".</summary>
    public static string Since(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? Format(now - t) : "-";

    /// <summary>How long until <paramref name="time"/> ("in 3h"), "due" once passed, or "-".</summary>
    public static string Until(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? (t <= now ? "due" : "in " + Format(t - now)) : "-";
}
