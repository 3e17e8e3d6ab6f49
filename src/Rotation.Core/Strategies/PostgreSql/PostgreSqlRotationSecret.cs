using System.Text.Json.Nodes;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>
/// One version of a PostgreSQL secret in AWS's shape (<c>engine</c>, <c>host</c>, <c>port</c>, <c>username</c>,
/// <c>password</c>, <c>dbname</c>, <c>masterarn</c>, <c>ssl</c>): the adapter's view of it plus the whole JSON document, so
/// a derived version keeps every field this code does not know untouched. A class rather than a record: a record's
/// generated ToString would print the document, password included.
/// </summary>
internal sealed class PostgreSqlRotationSecret
{
    private readonly JsonObject document;

    private PostgreSqlRotationSecret(JsonObject document, PostgreSqlEndpoint endpoint, PostgreSqlCredentials credentials, string? masterSecretId, string description)
    {
        this.document = document;
        Endpoint = endpoint;
        Credentials = credentials;
        MasterSecretId = masterSecretId;
        Description = description;
    }

    /// <summary>Which secret and version this is, for messages, e.g. <c>the AWSCURRENT version of secret 'app'</c>.</summary>
    public string Description { get; }

    public PostgreSqlEndpoint Endpoint { get; }

    public PostgreSqlCredentials Credentials { get; }

    public string UserName => Credentials.UserName;

    /// <summary>The <c>masterarn</c> field: the admin secret's name or ARN, or null.</summary>
    public string? MasterSecretId { get; }

    /// <summary><c>host:port</c>, for messages.</summary>
    public string Server => Endpoint.Server;

    /// <summary>Reads and checks one version. TLS: the resource's mode, else the secret's <c>ssl</c> field, else Required.</summary>
    /// <exception cref="RotationRefusedException">SecretNotJson, MissingField, InvalidField, UnsupportedEngine (MasterSecretInvalid for the admin secret).</exception>
    public static PostgreSqlRotationSecret Read(SecretValue value, PostgreSqlSecretRole role, PostgreSqlRotationSettings settings, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(settings);
        description ??= Describe(value, role);
        var document = SecretDocument.Parse(
            value,
            description,
            role == PostgreSqlSecretRole.Admin ? DatabaseRotationReasons.MasterSecretInvalid : DatabaseRotationReasons.SecretNotJson,
            "PostgreSQL",
            role == PostgreSqlSecretRole.Admin ? "host, username and password" : "host, username, password and engine");
        var fields = new PostgreSqlSecretFields(document, role, description);
        var host = fields.RequiredString("host");
        var credentials = new PostgreSqlCredentials(fields.RequiredString("username"), fields.RequiredString("password"));
        if (role != PostgreSqlSecretRole.Admin)
        {
            // The admin secret may be any engine's shape; only the user's secret says what it is for.
            fields.Engine();
        }

        var database = fields.OptionalString("dbname");
        var master = fields.OptionalString("masterarn");
        var tls = settings.Tls ?? fields.Ssl() ?? DatabaseTlsMode.Required;
        var endpoint = new PostgreSqlEndpoint(
            host.Trim(),
            fields.Port(),
            string.IsNullOrEmpty(database) ? PostgreSqlEndpoint.DefaultDatabase : database,
            tls,
            string.IsNullOrWhiteSpace(settings.CaFile) ? null : settings.CaFile);
        return new PostgreSqlRotationSecret(document, endpoint, credentials, string.IsNullOrWhiteSpace(master) ? null : master.Trim(), description);
    }

    /// <summary>This version's JSON with a new user name and password and every other field as it was.</summary>
    public SecretPayload Derive(string userName, string password) => SecretDocument.Derive(document, userName, password);

    /// <summary>This secret's endpoint with another database (the admin acts in the user's database, as AWS's template does).</summary>
    public PostgreSqlEndpoint EndpointIn(string database) => Endpoint with { Database = database };

    /// <summary>Same server: host (DNS names are case-insensitive) and port.</summary>
    public bool SameServerAs(PostgreSqlRotationSecret other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Endpoint.Host, other.Endpoint.Host, StringComparison.OrdinalIgnoreCase) && Endpoint.Port == other.Endpoint.Port;
    }

    /// <summary>Same server and the same role (byte for byte, as PostgreSQL compares role names).</summary>
    public bool SameAccountAs(PostgreSqlRotationSecret other) =>
        SameServerAs(other) && string.Equals(UserName, other.UserName, StringComparison.Ordinal);

    public override string ToString() => $"PostgreSqlRotationSecret {{ {Description}, User = {UserName}, Server = {Server} }}";

    private static string Describe(SecretValue value, PostgreSqlSecretRole role)
    {
        var name = value.Name is { Length: > 0 } n ? n : value.Arn;
        return role switch
        {
            PostgreSqlSecretRole.Current => $"the {SecretVersionStages.Current} version of secret '{name}'",
            PostgreSqlSecretRole.Pending => $"the {SecretVersionStages.Pending} version of secret '{name}'",
            PostgreSqlSecretRole.Previous => $"the {SecretVersionStages.Previous} version of secret '{name}'",
            _ => $"the admin secret '{name}'",
        };
    }
}
