using System.Globalization;
using System.Text;

namespace Rotator.Operator.Metrics;

/// <summary>The small pieces of the Prometheus text format 0.0.4 that every family writes.</summary>
internal static class Exposition
{
    public static void AppendHeader(StringBuilder output, string name, string help, MetricType type)
    {
        output.Append("# HELP ").Append(name).Append(' ');
        foreach (var c in help)
        {
            // HELP escapes only backslash and newline; a quote is literal there.
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '\n' => output.Append(@"\n"),
                _ => output.Append(c),
            };
        }

        output.Append("\n# TYPE ").Append(name).Append(' ').Append(TypeName(type)).Append('\n');
    }

    /// <summary>One sample line: <c>name{labels} value</c>; <paramref name="labels"/> is the pairs without braces.</summary>
    public static void AppendSample(StringBuilder output, string name, string labels, double value)
    {
        output.Append(name);
        if (labels.Length > 0)
        {
            output.Append('{').Append(labels).Append('}');
        }

        output.Append(' ');
        AppendNumber(output, value);
        output.Append('\n');
    }

    public static void AppendNumber(StringBuilder output, double value)
    {
        if (double.IsFinite(value))
        {
            // Shortest round-trip form, with a '.' whatever the culture.
            output.Append(CultureInfo.InvariantCulture, $"{value}");
        }
        else
        {
            output.Append(double.IsNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf");
        }
    }

    /// <summary><c>a="x",b="y"</c> for the given names and values, values escaped; rendered once per child.</summary>
    public static string LabelPairs(IReadOnlyList<string> names, IReadOnlyList<string> values)
    {
        if (names.Count == 0)
        {
            return "";
        }

        var output = new StringBuilder();
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                output.Append(',');
            }

            output.Append(names[i]).Append("=\"");
            AppendEscapedLabelValue(output, values[i]);
            output.Append('"');
        }

        return output.ToString();
    }

    public static void AppendEscapedLabelValue(StringBuilder output, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '"' => output.Append("\\\""),
                '\n' => output.Append(@"\n"),
                _ => output.Append(c),
            };
        }
    }

    public static void ValidateMetricName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetter(c) || c is '_' or ':' || (i > 0 && char.IsAsciiDigit(c))))
            {
                throw new ArgumentException($"'{name}' is not a valid metric name.", nameof(name));
            }
        }
    }

    public static void ValidateLabelName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var valid = !name.StartsWith("__", StringComparison.Ordinal);
        for (var i = 0; i < name.Length && valid; i++)
        {
            var c = name[i];
            valid = char.IsAsciiLetter(c) || c == '_' || (i > 0 && char.IsAsciiDigit(c));
        }

        if (!valid)
        {
            throw new ArgumentException($"'{name}' is not a valid label name.", nameof(name));
        }
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Not a metric type."),
    };
}
