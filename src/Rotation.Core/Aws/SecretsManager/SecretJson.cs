using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>
/// Reads a JSON <c>SecretString</c> without leaking it: System.Text.Json's exception messages quote
/// the text around the fault (a value, in a secret), so every parse failure becomes a
/// <see cref="SecretFormatException"/> that says only which secret, which version, and where.
/// </summary>
public static class SecretJson
{
    /// <summary>The value as a JSON object (mutable, so a rotation can change one field and keep the rest).</summary>
    public static JsonObject ParseObject(SecretValue secret)
    {
        var text = StringOf(secret);
        try
        {
            if (JsonNode.Parse(text) is not JsonObject value)
            {
                throw Failure(secret, "the value is JSON but not an object");
            }

            // JsonObject materialises its properties lazily, and a string's text is decoded only when read:
            // force both here, where failures are sanitised, instead of in a caller that reads one field.
            _ = value.Count;
            if (!AllStringsAreText(value))
            {
                throw Failure(secret, "the value has a string that is not valid Unicode (a lone surrogate escape)");
            }

            return value;
        }
        catch (JsonException e)
        {
            throw Failure(secret, $"the value is not valid JSON ({JsonFailureLocation.Describe(e)})");
        }
        catch (ArgumentException)
        {
            throw Failure(secret, "the value has a duplicate property name or text that is not valid Unicode");
        }
        catch (InvalidOperationException)
        {
            // Property names are decoded when the object materialises (Count above).
            throw Failure(secret, "the value has a property name that is not valid Unicode (a lone surrogate escape)");
        }
    }

    private static bool AllStringsAreText(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    if (!AllStringsAreText(child))
                    {
                        return false;
                    }
                }

                return true;
            case JsonArray array:
                return array.All(AllStringsAreText);
            case JsonValue leaf when leaf.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = leaf.GetValue<string>();
                    return true;
                }
                catch (InvalidOperationException)
                {
                    return false;
                }

            default:
                return true;
        }
    }

    /// <summary>The value deserialised into <typeparamref name="T"/>.</summary>
    public static T Deserialize<T>(SecretValue secret, JsonTypeInfo<T> type)
    {
        var text = StringOf(secret);
        try
        {
            return JsonSerializer.Deserialize(text, type) ?? throw Failure(secret, "the value is JSON null");
        }
        catch (JsonException e)
        {
            throw Failure(secret, $"the value is not valid JSON for {typeof(T).Name} ({JsonFailureLocation.Describe(e)})");
        }
    }

    private static string StringOf(SecretValue secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.SecretString ?? throw Failure(secret, "the value is binary, not a JSON string");
    }

    private static SecretFormatException Failure(SecretValue secret, string problem) =>
        new(secret.Name is { Length: > 0 } name ? name : secret.Arn, secret.VersionId, problem);
}
