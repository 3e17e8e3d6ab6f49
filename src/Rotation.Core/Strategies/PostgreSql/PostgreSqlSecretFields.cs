using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>
/// Reads a PostgreSQL secret's fields one by one so that a refusal can name the field. Messages name fields and JSON
/// types, never values: a user who pastes a password into the wrong field must not see it in an event.
/// </summary>
internal sealed class PostgreSqlSecretFields(JsonObject secret, PostgreSqlSecretRole role, string description)
{
    private static readonly string[] Engines = ["postgres", "aurora-postgresql", "postgresql"];

    /// <exception cref="RotationRefusedException">UnsupportedEngine (or MissingField).</exception>
    public void Engine()
    {
        var engine = RequiredString("engine");
        if (Engines.Contains(engine.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        // Engine names are short words; anything else is shown as "a value" in case it is something pasted by mistake.
        var shown = engine.Length <= 32 && engine.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? $"'{engine}'" : "a value";
        throw Refuse(
            DatabaseRotationReasons.UnsupportedEngine,
            $"{description}: field 'engine' is {shown}; PostgreSQL rotation supports {string.Join(", ", Engines)}");
    }

    public string RequiredString(string field)
    {
        var value = OptionalString(field) ?? throw Refuse(DatabaseRotationReasons.MissingField, $"{description}: field '{field}' is missing");
        return value.Length > 0 ? value : throw Refuse(DatabaseRotationReasons.MissingField, $"{description}: field '{field}' is empty");
    }

    public string? OptionalString(string field)
    {
        if (!secret.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        var kind = node.GetValueKind();
        if (kind != JsonValueKind.String)
        {
            throw Refuse(DatabaseRotationReasons.MissingField, $"{description}: field '{field}' is a JSON {Describe(kind)}, not a string");
        }

        try
        {
            return node.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            throw Refuse(DatabaseRotationReasons.InvalidField, $"{description}: field '{field}' is not valid text (a lone UTF-16 surrogate escape)");
        }
    }

    /// <summary>The <c>port</c> field (a number, or a string of digits, as people write it); 5432 when absent.</summary>
    public int Port()
    {
        if (!secret.TryGetPropertyValue("port", out var node) || node is null)
        {
            return PostgreSqlEndpoint.DefaultPort;
        }

        var port = node.GetValueKind() switch
        {
            JsonValueKind.Number => node.AsValue().TryGetValue<int>(out var n) ? n : -1,
            JsonValueKind.String => int.TryParse(OptionalString("port"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1,
            var other => throw Refuse(DatabaseRotationReasons.MissingField, $"{description}: field 'port' is a JSON {Describe(other)}, not a number"),
        };
        return port is >= 1 and <= 65535
            ? port
            : throw Refuse(DatabaseRotationReasons.InvalidField, $"{description}: field 'port' is not a TCP port (1-65535)");
    }

    /// <summary>
    /// The <c>ssl</c> field: true = Required, false = Disabled (AWS's meaning; its template tries TLS first when the field
    /// is absent), or a mode name such as <c>verify-full</c>; null when absent.
    /// </summary>
    public DatabaseTlsMode? Ssl()
    {
        if (!secret.TryGetPropertyValue("ssl", out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => DatabaseTlsMode.Required,
            JsonValueKind.False => DatabaseTlsMode.Disabled,
            JsonValueKind.String => ParseTlsMode(OptionalString("ssl")!) ?? throw Refuse(
                DatabaseRotationReasons.InvalidField,
                $"{description}: field 'ssl' is not a TLS mode (true, false, disable, prefer, require, verify-ca, verify-full)"),
            var other => throw Refuse(DatabaseRotationReasons.MissingField, $"{description}: field 'ssl' is a JSON {Describe(other)}, not true, false or a mode name"),
        };
    }

    /// <summary>A TLS mode as libpq (<c>verify-full</c>), the API (<c>VerifyFull</c>) or a boolean string writes it; null when unknown.</summary>
    public static DatabaseTlsMode? ParseTlsMode(string value) =>
        value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim().ToUpperInvariant() switch
        {
            "DISABLE" or "DISABLED" or "FALSE" => DatabaseTlsMode.Disabled,
            "PREFER" or "PREFERRED" => DatabaseTlsMode.Preferred,
            "REQUIRE" or "REQUIRED" or "TRUE" => DatabaseTlsMode.Required,
            "VERIFYCA" => DatabaseTlsMode.VerifyCA,
            "VERIFYFULL" => DatabaseTlsMode.VerifyFull,
            _ => null,
        };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private RotationRefusedException Refuse(string reason, string message) =>
        PostgreSqlRefusals.Refuse(role == PostgreSqlSecretRole.Admin ? DatabaseRotationReasons.MasterSecretInvalid : reason, message);
}
