using System.Globalization;
using System.Text.RegularExpressions;

namespace Rotator.Api;

/// <summary>
/// Durations in the form Kubernetes users write them (Go's <c>time.ParseDuration</c> without the
/// micro/nanosecond units): one or more number-unit pairs such as <c>10s</c>, <c>5m</c>, <c>1h30m</c>,
/// <c>1.5h</c>, <c>500ms</c>. The CRD's <see cref="SchemaPatterns.Duration"/> admits exactly these.
/// </summary>
public static partial class KubeDuration
{
    /// <summary>The duration, or null when <paramref name="text"/> is not one (or is zero).</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || !Whole().IsMatch(text))
        {
            return null;
        }

        double milliseconds = 0;
        foreach (Match part in Part().Matches(text))
        {
            var amount = double.Parse(part.Groups["amount"].Value, CultureInfo.InvariantCulture);
            milliseconds += part.Groups["unit"].Value switch
            {
                "ms" => amount,
                "s" => amount * 1_000,
                "m" => amount * 60_000,
                _ => amount * 3_600_000,
            };
        }

        // Anything beyond TimeSpan's range is not a duration a user meant.
        return milliseconds is > 0 and < 1e14 ? TimeSpan.FromMilliseconds(milliseconds) : null;
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(?<amount>[0-9]+(\.[0-9]+)?)(?<unit>ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
