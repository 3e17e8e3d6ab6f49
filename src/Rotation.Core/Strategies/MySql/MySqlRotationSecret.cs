using System.Text.Json;
using System.Text.Json.Nodes;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>
/// One version of a MySQL secret: the adapter's view of it (endpoint, credentials) plus the whole JSON document, so a
/// derived version keeps every field this code does not know untouched. A class rather than a record: a record's
/// generated ToString would print the document, password included.
/// </summary>
internal sealed class MySqlRotationSecret
{
    private readonly JsonObject document;
    private readonly MySqlSecret parsed;

    private MySqlRotationSecret(JsonObject document, MySqlSecret parsed, string? masterSecretId, string description)
    {
        this.document = document;
        this.parsed = parsed;
        MasterSecretId = masterSecretId;
        Description = description;
    }

    /// <summary>Which secret and version this is, for messages, e.g. <c>the AWSCURRENT version of secret 'app'</c>.</summary>
    public string Description { get; }

    public MySqlEndpoint Endpoint => parsed.Endpoint;

    public MySqlCredentials Credentials => parsed.Credentials;

    public string UserName => parsed.Credentials.UserName;

    /// <summary>The <c>masterarn</c> field: the admin secret's name or ARN, or null.</summary>
    public string? MasterSecretId { get; }

    /// <summary><c>host:port</c>, for messages.</summary>
    public string Server => $"{Endpoint.Host}:{Endpoint.Port}";

    /// <summary>Reads and checks one version; TLS from the resource when it says so, else from the secret's <c>ssl</c>, else Required.</summary>
    /// <exception cref="RotationRefusedException">SecretNotJson, MissingField, InvalidField, UnsupportedEngine (MasterSecretInvalid for the admin secret).</exception>
    public static MySqlRotationSecret Read(SecretValue value, MySqlSecretRole role, MySqlTlsSettings tls, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(tls);
        description ??= Describe(value, role);
        var document = SecretDocument.Parse(
            value,
            description,
            role == MySqlSecretRole.Admin ? MySqlRotationReasons.MasterSecretInvalid : MySqlRotationReasons.SecretNotJson,
            "MySQL",
            role == MySqlSecretRole.Admin ? "host, username and password" : "host, username, password and engine");
        MySqlSecretFieldRules.Check(document, role, description);
        MySqlSecret parsed;
        try
        {
            // The adapter's own reading (port default, ssl semantics) from the same text; the rules above make it succeed.
            using var json = JsonDocument.Parse(value.SecretString!);
            parsed = MySqlSecret.Parse(json.RootElement, tls.Mode, tls.CaFile);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            // Neither message is attached: JsonException quotes the text around the fault.
            var reason = role == MySqlSecretRole.Admin ? MySqlRotationReasons.MasterSecretInvalid : MySqlRotationReasons.InvalidField;
            throw MySqlRefusals.Refuse(reason, $"{description} could not be read as a MySQL secret ({e.GetType().Name})");
        }

        var master = document.TryGetPropertyValue("masterarn", out var node) && node is not null ? node.GetValue<string>() : null;
        return new MySqlRotationSecret(document, parsed, string.IsNullOrWhiteSpace(master) ? null : master, description);
    }

    /// <summary>This version's JSON with a new user name and password and every other field as it was.</summary>
    public SecretPayload Derive(string userName, string password) => SecretDocument.Derive(document, userName, password);

    /// <summary>Same server: host (DNS names are case-insensitive) and port.</summary>
    public bool SameServerAs(MySqlRotationSecret other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Endpoint.Host, other.Endpoint.Host, StringComparison.OrdinalIgnoreCase) && Endpoint.Port == other.Endpoint.Port;
    }

    /// <summary>Same server and the same user (byte for byte, as MySQL compares user names).</summary>
    public bool SameAccountAs(MySqlRotationSecret other) =>
        SameServerAs(other) && string.Equals(UserName, other.UserName, StringComparison.Ordinal);

    public override string ToString() => $"MySqlRotationSecret {{ {Description}, User = {UserName}, Server = {Server} }}";

    private static string Describe(SecretValue value, MySqlSecretRole role)
    {
        var name = value.Name is { Length: > 0 } n ? n : value.Arn;
        return role switch
        {
            MySqlSecretRole.Current => $"the {SecretVersionStages.Current} version of secret '{name}'",
            MySqlSecretRole.Pending => $"the {SecretVersionStages.Pending} version of secret '{name}'",
            MySqlSecretRole.Previous => $"the {SecretVersionStages.Previous} version of secret '{name}'",
            _ => $"the admin secret '{name}'",
        };
    }
}
