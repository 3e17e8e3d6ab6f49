using System.Globalization;

namespace Rotator.Kubernetes;

/// <summary>
/// Kubernetes' MicroTime (an Event's <c>eventTime</c>, a Lease's <c>renewTime</c>): the API server parses it
/// only with exactly six fractional digits. The library writes a time on a whole second without any, so
/// such a time is moved by a microsecond before the library sees it.
/// </summary>
public static class MicroTime
{
    /// <summary><paramref name="time"/> in UTC, cut to microseconds, never on a whole second.</summary>
    public static DateTime Of(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        utc = utc.AddTicks(-(utc.Ticks % 10));
        return utc.Ticks % TimeSpan.TicksPerSecond == 0 ? utc.AddTicks(10) : utc;
    }

    /// <summary>The wire form, for patches we write as JSON ourselves.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
