using System.Globalization;
using System.Text.Json;
using Rotator.Rotation.Abstractions;

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
    public static MySqlSecret Parse(JsonElement secret, DatabaseTlsMode? tls = null, string? caFile = null)
    {
        try
        {
            return ParseObject(secret, tls, caFile);
        }
        catch (InvalidOperationException)
        {
            // A property name with a lone surrogate escape throws from every lookup in the object.
            throw new FormatException("the secret has a property name that is not valid text (a lone UTF-16 surrogate escape)");
        }
    }

    private static MySqlSecret ParseObject(JsonElement secret, DatabaseTlsMode? tls, string? caFile)
    {
        if (secret.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"the secret is a JSON {secret.ValueKind}, not an object");
        }

        var host = RequiredString(secret, "host");
        var port = Port(secret);
        var database = OptionalString(secret, "dbname");
        var mode = tls ?? SslField(secret) ?? DatabaseTlsMode.Required;
        var endpoint = new MySqlEndpoint(host, port, database is { Length: > 0 } ? database : null, mode, caFile);
        var credentials = new MySqlCredentials(RequiredString(secret, "username"), RequiredString(secret, "password"));
        return new MySqlSecret(endpoint, credentials, OptionalString(secret, "engine"));
    }

    /// <summary>Parses a TLS mode name as written in secrets and resources: <c>verify_ca</c>, <c>VerifyCA</c>, <c>verify-ca</c>...</summary>
    public static DatabaseTlsMode ParseTlsMode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var key = value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
        return key switch
        {
            "DISABLED" or "NONE" or "FALSE" or "OFF" => DatabaseTlsMode.Disabled,
            "PREFERRED" => DatabaseTlsMode.Preferred,
            "REQUIRED" or "TRUE" or "ON" => DatabaseTlsMode.Required,
            "VERIFYCA" => DatabaseTlsMode.VerifyCA,

            // MySQL's own clients call it VERIFY_IDENTITY.
            "VERIFYFULL" or "VERIFYIDENTITY" => DatabaseTlsMode.VerifyFull,
            _ => throw new FormatException(
                $"unknown TLS mode '{value}': use disabled, preferred, required, verify_ca or verify_full"),
        };
    }

    private static DatabaseTlsMode? SslField(JsonElement secret)
    {
        if (!secret.TryGetProperty("ssl", out var ssl) || ssl.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return ssl.ValueKind switch
        {
            JsonValueKind.True => DatabaseTlsMode.Required,
            JsonValueKind.False => DatabaseTlsMode.Disabled,
            JsonValueKind.String => TlsModeField(ssl),
            _ => throw new FormatException($"the secret's 'ssl' field is a JSON {ssl.ValueKind}; expected true, false or a mode name"),
        };
    }

    private static DatabaseTlsMode TlsModeField(JsonElement ssl)
    {
        try
        {
            return ParseTlsMode(Text(ssl, "ssl"));
        }
        catch (FormatException)
        {
            // ParseTlsMode quotes what it was given, which is right for a resource setting; a secret's field may hold
            // anything (a password pasted into the wrong field), so only the field is named.
            throw new FormatException("the secret's 'ssl' field is not a TLS mode: use true, false, disabled, preferred, required, verify_ca or verify_full");
        }
    }

    /// <summary>A string field's text; a lone surrogate escape such as <c>\uD800</c> is valid JSON but not text.</summary>
    private static string Text(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new FormatException($"the secret's '{name}' field is not valid text (it holds a lone UTF-16 surrogate escape)");
        }
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
            JsonValueKind.String => int.TryParse(Text(port, "port"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1,
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
            ? Text(value, name)
            : throw new FormatException($"the secret's '{name}' field is a JSON {value.ValueKind}, not a string");
    }
}
