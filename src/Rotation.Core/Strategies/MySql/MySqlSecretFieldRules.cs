using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>
/// Checks a MySQL secret's fields one by one so that a refusal can name the field. Messages name fields and JSON
/// types, never values: a user who pastes a password into the wrong field must not see it in an event.
/// </summary>
internal static class MySqlSecretFieldRules
{
    private static readonly string[] Engines = ["mysql", "aurora-mysql", "mariadb"];

    /// <exception cref="RotationRefusedException">MissingField, InvalidField or UnsupportedEngine; MasterSecretInvalid for the admin secret.</exception>
    public static void Check(JsonObject secret, MySqlSecretRole role, string description)
    {
        RequiredString(secret, "host", role, description);
        RequiredString(secret, "username", role, description);
        RequiredString(secret, "password", role, description);
        if (role != MySqlSecretRole.Admin)
        {
            // The admin secret may be any engine's shape; only the user's secret says what it is for.
            Engine(secret, role, description);
        }

        OptionalString(secret, "dbname", role, description);
        OptionalString(secret, "masterarn", role, description);
        Port(secret, role, description);
        Ssl(secret, role, description);
    }

    private static void Engine(JsonObject secret, MySqlSecretRole role, string description)
    {
        var engine = RequiredString(secret, "engine", role, description);
        if (Engines.Contains(engine.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        // Engine names are short words; anything else is shown as "another value" in case it is something pasted by mistake.
        var shown = engine.Length <= 32 && engine.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? $"'{engine}'"
            : "a value";
        throw Refuse(
            role,
            MySqlRotationReasons.UnsupportedEngine,
            $"{description}: field 'engine' is {shown}; MySQL rotation supports {string.Join(", ", Engines)}");
    }

    private static string RequiredString(JsonObject secret, string field, MySqlSecretRole role, string description)
    {
        if (!secret.TryGetPropertyValue(field, out var node) || node is null)
        {
            throw Refuse(role, MySqlRotationReasons.MissingField, $"{description}: field '{field}' is missing");
        }

        var kind = node.GetValueKind();
        if (kind != JsonValueKind.String)
        {
            throw Refuse(role, MySqlRotationReasons.MissingField, $"{description}: field '{field}' is a JSON {Describe(kind)}, not a string");
        }

        var value = node.GetValue<string>();
        return value.Length > 0
            ? value
            : throw Refuse(role, MySqlRotationReasons.MissingField, $"{description}: field '{field}' is empty");
    }

    private static void OptionalString(JsonObject secret, string field, MySqlSecretRole role, string description)
    {
        if (secret.TryGetPropertyValue(field, out var node) && node is not null && node.GetValueKind() != JsonValueKind.String)
        {
            throw Refuse(role, MySqlRotationReasons.MissingField, $"{description}: field '{field}' is a JSON {Describe(node.GetValueKind())}, not a string");
        }
    }

    private static void Port(JsonObject secret, MySqlSecretRole role, string description)
    {
        if (!secret.TryGetPropertyValue("port", out var node) || node is null)
        {
            return;
        }

        // AWS writes the port as a number, people often as a string.
        var port = node.GetValueKind() switch
        {
            JsonValueKind.Number => node.AsValue().TryGetValue<int>(out var n) ? n : -1,
            JsonValueKind.String => int.TryParse(node.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : -1,
            var other => throw Refuse(role, MySqlRotationReasons.MissingField, $"{description}: field 'port' is a JSON {Describe(other)}, not a number"),
        };
        if (port is < 1 or > 65535)
        {
            throw Refuse(role, MySqlRotationReasons.InvalidField, $"{description}: field 'port' is not a TCP port (1-65535)");
        }
    }

    private static void Ssl(JsonObject secret, MySqlSecretRole role, string description)
    {
        if (!secret.TryGetPropertyValue("ssl", out var node) || node is null)
        {
            return;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
                return;
            case JsonValueKind.String:
                try
                {
                    MySqlSecret.ParseTlsMode(node.GetValue<string>());
                }
                catch (FormatException)
                {
                    throw Refuse(
                        role,
                        MySqlRotationReasons.InvalidField,
                        $"{description}: field 'ssl' is not a TLS mode (true, false, disabled, preferred, required, verify_ca, verify_full)");
                }

                return;
            case var other:
                throw Refuse(role, MySqlRotationReasons.MissingField, $"{description}: field 'ssl' is a JSON {Describe(other)}, not true, false or a mode name");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static RotationRefusedException Refuse(MySqlSecretRole role, string reason, string message) =>
        MySqlRefusals.Refuse(role == MySqlSecretRole.Admin ? MySqlRotationReasons.MasterSecretInvalid : reason, message);
}
