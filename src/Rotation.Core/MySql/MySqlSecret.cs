using System.Globalization;
using System.Text.Json;

namespace Rotator.Rotation.MySql;

/// <summary>
/// The fields of a MySQL secret in the shape AWS's rotation templates use:
/// <c>{"engine","host","port","username","password","dbname","ssl"}</c>.
/// </summary>
/// <param name="Endpoint">Where to connect.</param>
/// <param name="Credentials">Who to log in as.</param>
/// <param name="Engine">The <c>engine</c> field as written (e.g. <c>mysql</c>, <c>mariadb</c>), or null; informational only,
/// the server's own handshake decides the flavor.</param>
public sealed record MySqlSecret(MySqlEndpoint Endpoint, MySqlCredentials Credentials, string? Engine)
{
    /// <summary>
    /// Reads a secret's JSON object. TLS: <paramref name="tls"/> when the resource sets it, else the secret's
    /// <c>ssl</c> field (true = Required, false = Disabled, or a mode name such as <c>verify_ca</c>), else Required.
    /// </summary>
    /// <exception cref="FormatException">A field is missing or has the wrong type; the message names the field, never a value.</exception>
    public static MySqlSecret Parse(JsonElement secret, MySqlTlsMode? tls = null, string? caFile = null)
    {
        if (secret.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the secret is a JSON {secret.ValueKind}, not an object");
        }

        var host = RequiredString(secret, "host");
        var port = Port(secret);
        var database = OptionalString(secret, "dbname");
        var mode = tls ?? SslField(secret) ?? MySqlTlsMode.Required;
        var endpoint = new MySqlEndpoint(host, port, database is { Length: > 0 } ? database : null, mode, caFile);
        var credentials = new MySqlCredentials(RequiredString(secret, "username"), RequiredString(secret, "password"));
        return new MySqlSecret(endpoint, credentials, OptionalString(secret, "engine"));
    }

    /// <summary>Parses a TLS mode name as written in secrets and resources: <c>verify_ca</c>, <c>VerifyCA</c>, <c>verify-ca</c>...</summary>
    public static MySqlTlsMode ParseTlsMode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var key = value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        return key switch
        {
            "DISABLED" or "NONE" or "FALSE" or "OFF" => MySqlTlsMode.Disabled,
            "PREFERRED" => MySqlTlsMode.Preferred,
            "REQUIRED" or "TRUE" or "ON" => MySqlTlsMode.Required,
            "VERIFYCA" => MySqlTlsMode.VerifyCA,

            // MySQL's own clients call it VERIFY_IDENTITY.
            "VERIFYFULL" or "VERIFYIDENTITY" => MySqlTlsMode.VerifyFull,
            _ => throw new FormatException(
                $"unknown TLS mode '{value}': use disabled, preferred, required, verify_ca or verify_full"),
        };
    }

    private static MySqlTlsMode? SslField(JsonElement secret)
    {
        if (!secret.TryGetProperty("ssl", out var ssl) || ssl.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return ssl.ValueKind switch
        {
            JsonValueKind.True => MySqlTlsMode.Required,
            JsonValueKind.False => MySqlTlsMode.Disabled,
            JsonValueKind.String => ParseTlsMode(ssl.GetString()!),
            _ => throw new FormatException($"the secret's 'ssl' field is a JSON {ssl.ValueKind}; expected true, false or a mode name"),
        };
    }

    private static int Port(JsonElement secret)
    {
        if (!secret.TryGetProperty("port", out var port) || port.ValueKind == JsonValueKind.Null)
        {
            return MySqlEndpoint.DefaultPort;
        }

        // AWS writes the port as a number, people often as a string.
        var ok = port.ValueKind switch
        {
            JsonValueKind.Number => port.TryGetInt32(out var n) ? n : -1,
            JsonValueKind.String => int.TryParse(port.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1,
            _ => -1,
        };
        return ok is >= 1 and <= 65535
            ? ok
            : throw new FormatException("the secret's 'port' field is not a TCP port (1-65535)");
    }

    private static string RequiredString(JsonElement secret, string name) =>
        OptionalString(secret, name) is { Length: > 0 } value
            ? value
            : throw new FormatException($"the secret has no '{name}' field, or it is empty");

    private static string? OptionalString(JsonElement secret, string name)
    {
        if (!secret.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"the secret's '{name}' field is a JSON {value.ValueKind}, not a string");
    }
}
