using System.Globalization;
using System.Text;
using FluentAssertions;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>
/// A strict reader of the text format 0.0.4, written from the format's description rather than from
/// our writer, so a test that parses back what we render checks the writer against the spec: every
/// sample belongs to a family whose TYPE came before it, escapes are the three the format has, and
/// numbers are Go-style (<c>+Inf</c>, <c>NaN</c>).
/// </summary>
internal static class ExpositionParser
{
    public static ParsedExposition Parse(string text)
    {
        if (text.Length == 0)
        {
            return new ParsedExposition(new Dictionary<string, string>(), new Dictionary<string, string>(), []);
        }

        text.Should().EndWith("\n", "the last line ends with a line feed");
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<ParsedSample>();
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                help.Add(rest[..space], UnescapeHelp(rest[(space + 1)..]));
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                parts.Should().HaveCount(4, line);
                parts[3].Should().BeOneOf(["counter", "gauge", "histogram", "summary", "untyped"], line);
                types.Add(parts[2], parts[3]);
            }
            else
            {
                line.Should().NotStartWith("#", "only HELP and TYPE comments are written");
                var sample = ParseSample(line);
                types.Should().ContainKey(FamilyOf(sample.Name, types), $"the TYPE of {sample.Name} comes before its samples");
                samples.Add(sample);
            }
        }

        return new ParsedExposition(types, help, samples);
    }

    private static string FamilyOf(string sample, Dictionary<string, string> types)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out var type) && type == "histogram")
            {
                return sample[..^suffix.Length];
            }
        }

        return sample;
    }

    private static ParsedSample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }

        var name = line[..position];
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var label = line[position..equals];
                line[equals + 1].Should().Be('"', line);
                position = equals + 2;
                var value = new StringBuilder();
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"'\\{other}' is not an escape of the text format: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                labels.Add(label, value.ToString());
                position++;
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        line[position].Should().Be(' ', line);
        var number = line[(position + 1)..];
        var parsed = number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new ParsedSample(name, labels, parsed);
    }

    private static string UnescapeHelp(string text)
    {
        var value = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or 'n')
            {
                value.Append(text[++i] == 'n' ? '\n' : '\\');
            }
            else
            {
                value.Append(text[i]);
            }
        }

        return value.ToString();
    }
}
