using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Rotator.KubectlPlugin;

/// <summary>
/// Writes a JSON tree as block YAML. Strings that a YAML reader could take for something else are
/// written as JSON strings, which YAML reads as double-quoted scalars, so no value changes meaning.
/// </summary>
public static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var output = new System.Text.StringBuilder();
        WriteValue(output, node, 0, inSequence: false);
        return output.ToString();
    }

    private static void WriteValue(System.Text.StringBuilder output, JsonNode? node, int indent, bool inSequence)
    {
        switch (node)
        {
            case JsonObject { Count: > 0 } obj:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    // The first key of a sequence item follows its "- " on the same line.
                    if (!(first && inSequence))
                    {
                        output.Append(' ', indent);
                    }

                    first = false;
                    output.Append(Scalar(key)).Append(':');
                    WriteChild(output, value, indent);
                }

                break;
            case JsonArray { Count: > 0 } array:
                var firstItem = true;
                foreach (var item in array)
                {
                    if (!(firstItem && inSequence))
                    {
                        output.Append(' ', indent);
                    }

                    firstItem = false;
                    output.Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteValue(output, item, indent + 2, inSequence: true);
                    }
                    else
                    {
                        output.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                output.Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteChild(System.Text.StringBuilder output, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
        {
            output.Append('\n');
            WriteValue(output, value, value is JsonArray ? indent : indent + 2, inSequence: false);
        }
        else
        {
            output.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Scalar(value.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    private static string Scalar(string text)
    {
        var plain = text.Length > 0
            && text.Trim() == text
            && !text.Any(c => c is ':' or '#' or '{' or '}' or '[' or ']' or ',' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or '\\' || char.IsControl(c))
            && text[0] is not ('-' or '?')
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && text.ToLowerInvariant() is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n" or "~");
        return plain ? text : Quoted(text);
    }

    /// <summary>A YAML double-quoted scalar: only the backslash, the quote and control characters are escaped.</summary>
    private static string Quoted(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
