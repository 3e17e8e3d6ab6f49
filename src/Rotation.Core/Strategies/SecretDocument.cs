using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Strategies;

/// <summary>A database secret's JSON document: read it whole, and derive the next version from it with every unknown field kept.</summary>
internal static class SecretDocument
{
    // Relaxed escaping keeps non-ASCII text in unknown fields as the user wrote it; the value is never put into HTML.
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The version's JSON object.</summary>
    /// <param name="value">The version.</param>
    /// <param name="description">Which secret and version, for messages.</param>
    /// <param name="notJson">The reason for a value that is binary or not a JSON object.</param>
    /// <param name="engine">The engine, for messages: <c>MySQL</c>, <c>PostgreSQL</c>.</param>
    /// <param name="needs">The fields the engine needs, for messages.</param>
    /// <exception cref="RotationRefusedException">With <paramref name="notJson"/>; the message never quotes the value.</exception>
    public static JsonObject Parse(SecretValue value, string description, string notJson, string engine, string needs)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.SecretBinary is not null)
        {
            // Said first and plainly: a JSON parse error about a missing string would hide that the value is bytes.
            throw new RotationRefusedException(
                $"{description} (version {value.VersionId}) is binary (SecretBinary); {engine} rotation needs a JSON SecretString with {needs}")
            {
                Reason = notJson,
            };
        }

        try
        {
            return SecretJson.ParseObject(value);
        }
        catch (SecretFormatException e)
        {
            // SecretJson's messages say where parsing failed, never what the text was.
            throw new RotationRefusedException($"{description} is not a JSON object: {e.Message}", e) { Reason = notJson };
        }
    }

    /// <summary>The document with a new user name and password and every other field as it was.</summary>
    public static SecretPayload Derive(JsonObject document, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var copy = (JsonObject)document.DeepClone();
        copy["username"] = userName;
        copy["password"] = password;
        return SecretPayload.FromString(copy.ToJsonString(Output));
    }
}
