using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>
/// Turns an AWSCURRENT value into Secret data: a JSON object's fields (all of them, or the
/// <c>target.keys</c> mapping), computed keys from <c>target.template</c>, a non-JSON string whole
/// under <c>value</c>, a SecretBinary byte for byte under <c>target.binaryKey</c> (default <c>value</c>).
/// Errors name fields and keys, never values: System.Text.Json's own messages can quote the input, so
/// they are never passed on.
/// </summary>
public static partial class SecretDataRenderer
{
    public const string WholeValueKey = "value";

    /// <param name="value">The AWSCURRENT value.</param>
    /// <param name="keys"><c>target.keys</c>.</param>
    /// <param name="templates"><c>target.template</c>.</param>
    /// <param name="binaryKey"><c>target.binaryKey</c>: the key of a SecretBinary value; <c>value</c> when null or empty.</param>
    public static IReadOnlyDictionary<string, byte[]> Render(
        SecretValue value,
        IReadOnlyDictionary<string, string>? keys,
        IReadOnlyDictionary<string, string>? templates,
        string? binaryKey = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var data = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (value.SecretBinary is { } bytes)
        {
            // Bytes are never decoded as text (they need not be UTF-8), so there are no fields to map or expand.
            if ((keys?.Count ?? 0) > 0 || (templates?.Count ?? 0) > 0)
            {
                throw new MirrorException(
                    $"secret {value.Name} version {value.VersionId} is binary (SecretBinary), not a JSON object, so target.keys and target.template cannot apply; "
                    + "remove them to mirror the bytes under target.binaryKey") { Reason = "SecretNotJson" };
            }

            data[string.IsNullOrEmpty(binaryKey) ? WholeValueKey : binaryKey] = bytes;
            return data;
        }

        var fields = TryParseObject(value);
        if (fields is null)
        {
            if ((keys?.Count ?? 0) > 0 || (templates?.Count ?? 0) > 0)
            {
                throw new MirrorException($"secret {value.Name} version {value.VersionId} is not a JSON object, so target.keys and target.template cannot apply") { Reason = "SecretNotJson" };
            }

            data[WholeValueKey] = Encoding.UTF8.GetBytes(value.SecretString ?? "");
            return data;
        }

        if (keys is { Count: > 0 })
        {
            foreach (var (field, key) in keys)
            {
                if (!fields.TryGetValue(field, out var text))
                {
                    throw new MirrorException($"secret {value.Name} has no field '{field}' (mapped to key '{key}' by target.keys)") { Reason = "MissingField" };
                }

                data[key] = Encoding.UTF8.GetBytes(text);
            }
        }
        else
        {
            foreach (var (field, text) in fields)
            {
                data[field] = Encoding.UTF8.GetBytes(text);
            }
        }

        foreach (var (key, template) in templates ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(Expand(template, fields, key, value));
        }

        return data;
    }

    /// <returns>The fields of a JSON object value, or null when the value is not JSON or not an object (mirrored as text).</returns>
    /// <exception cref="MirrorException">The value is a JSON object that cannot be mirrored faithfully.</exception>
    private static Dictionary<string, string>? TryParseObject(SecretValue value)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(value.SecretString ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            // A raw lone surrogate: the text has no UTF-8 form at all, so it cannot be put in the Secret as it is.
            throw new MirrorException($"secret {value.Name} version {value.VersionId} is not valid Unicode text (a lone surrogate)") { Reason = "SecretNotJson" };
        }

        if (node is not JsonObject json)
        {
            return null;
        }

        // The messages name the secret and version, never a field's value.
        try
        {
            // Strings as they are; numbers, booleans and nested values as their JSON text (port 3306 -> "3306").
            return json.ToDictionary(
                p => p.Key,
                p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value?.ToJsonString() ?? "",
                StringComparer.Ordinal);
        }
        catch (ArgumentException)
        {
            // Which of two equal names wins is not defined by JSON: refuse rather than guess.
            throw new MirrorException($"secret {value.Name} version {value.VersionId} is a JSON object with a repeated field name") { Reason = "SecretNotJson" };
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape ("\ud800") is valid JSON but no text: it has no UTF-8 form to put in the Secret.
            throw new MirrorException($"secret {value.Name} version {value.VersionId} has a field whose text is not valid Unicode (a lone surrogate escape)") { Reason = "SecretNotJson" };
        }
    }

    private static string Expand(string template, Dictionary<string, string> fields, string key, SecretValue value) =>
        Placeholder().Replace(template, match =>
        {
            var field = match.Groups["field"].Value;
            if (!fields.TryGetValue(field, out var text))
            {
                throw new MirrorException($"template for key '{key}' uses field '{field}', which secret {value.Name} does not have") { Reason = "MissingField" };
            }

            return match.Groups["filter"].Value switch
            {
                "" => text,
                "urlencode" => Uri.EscapeDataString(text),
                "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)),
                var other => throw new MirrorException($"template for key '{key}' uses unknown filter '{other}' (known: urlencode, base64)") { Reason = StatusReasons.InvalidTemplate },
            };
        });

    [GeneratedRegex(@"\{\{\s*(?<field>[A-Za-z0-9_.-]+)\s*(\|\s*(?<filter>[a-z0-9]+)\s*)?\}\}")]
    private static partial Regex Placeholder();
}
