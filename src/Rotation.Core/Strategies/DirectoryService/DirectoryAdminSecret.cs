using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// One version of a directory admin secret: directory id (optional: the resource may name it), user name and password,
/// in whichever of the two spellings the secret uses, plus the whole JSON document so a derived version keeps every
/// other field untouched. A class rather than a record: a record's generated ToString would print the password.
/// </summary>
internal sealed partial class DirectoryAdminSecret
{
    // Relaxed escaping keeps non-ASCII text in unknown fields as the user wrote it; the value is never put into HTML.
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonObject document;

    private DirectoryAdminSecret(JsonObject document, DirectorySecretFields fields, string? directoryId, string userName, string password, string description)
    {
        this.document = document;
        Fields = fields;
        DirectoryId = directoryId;
        UserName = userName;
        Password = password;
        Description = description;
    }

    /// <summary>Which secret and version this is, for messages, e.g. <c>the AWSCURRENT version of secret 'corp/admin'</c>.</summary>
    public string Description { get; }

    public DirectorySecretFields Fields { get; }

    /// <summary>The secret's own directory id, or null when it has none (the resource's setting supplies it).</summary>
    public string? DirectoryId { get; }

    public string UserName { get; }

    /// <summary>Secret: never put it into a message.</summary>
    public string Password { get; }

    /// <summary>Reads and checks one version.</summary>
    /// <exception cref="RotationRefusedException">SecretNotJson, MissingField, InvalidField or AmbiguousFields.</exception>
    public static DirectoryAdminSecret Read(SecretValue value, string stage)
    {
        ArgumentNullException.ThrowIfNull(value);
        var name = value.Name is { Length: > 0 } n ? n : value.Arn;
        var description = $"the {stage} version of secret '{name}'";
        if (value.SecretBinary is not null)
        {
            // Said first and plainly: a JSON parse error about a missing string would hide that the value is bytes.
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.SecretNotJson,
                $"{description} (version {value.VersionId}) is binary (SecretBinary); DirectoryServiceAdmin needs a JSON SecretString with "
                + $"{DirectorySecretFields.Plain.UserName} and {DirectorySecretFields.Plain.Password} "
                + $"(or {DirectorySecretFields.SeamlessDomain.UserName} and {DirectorySecretFields.SeamlessDomain.Password})");
        }

        JsonObject document;
        try
        {
            document = SecretJson.ParseObject(value);
        }
        catch (SecretFormatException e)
        {
            // SecretJson's messages say where parsing failed, never what the text was.
            throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.SecretNotJson, $"{description} is not a JSON object: {e.Message}", e);
        }

        var plain = DirectorySecretFields.Plain.IsUsedBy(document);
        var seamless = DirectorySecretFields.SeamlessDomain.IsUsedBy(document);
        if (plain && seamless)
        {
            throw DirectoryRefusals.Refuse(
                DirectoryServiceRotationReasons.AmbiguousFields,
                $"{description} has both the plain fields (directoryId, username, password) and the awsSeamlessDomain* ones; "
                + "keep one set so it is clear which password to rotate");
        }

        var fields = seamless ? DirectorySecretFields.SeamlessDomain : DirectorySecretFields.Plain;
        var directoryId = OptionalString(document, fields.DirectoryId, description);
        if (directoryId is not null)
        {
            CheckDirectoryId(directoryId, $"{description}: field '{fields.DirectoryId}'");
        }

        var userName = RequiredString(document, fields.UserName, description);
        var password = RequiredString(document, fields.Password, description);
        return new DirectoryAdminSecret(document, fields, directoryId, userName, password, description);
    }

    /// <summary>AWS's directory id shape, <c>d-</c> and ten hex digits; anything else cannot name a directory.</summary>
    /// <exception cref="RotationRefusedException">InvalidField.</exception>
    public static void CheckDirectoryId(string directoryId, string where)
    {
        ArgumentNullException.ThrowIfNull(directoryId);
        if (!DirectoryIdPattern().IsMatch(directoryId))
        {
            throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.InvalidField, $"{where} is not a directory id (d- and 10 hex digits, e.g. d-1234567890)");
        }
    }

    /// <summary>This version's JSON with a new password in the same field and every other field as it was.</summary>
    public SecretPayload Derive(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var copy = (JsonObject)document.DeepClone();
        copy[Fields.Password] = password;
        return SecretPayload.FromString(copy.ToJsonString(Output));
    }

    /// <summary>Same user (Active Directory compares names case-insensitively) in the same directory.</summary>
    public bool SameAccountAs(DirectoryAdminSecret other, string directoryId)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(UserName, other.UserName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(other.DirectoryId ?? directoryId, DirectoryId ?? directoryId, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => $"DirectoryAdminSecret {{ {Description}, User = {UserName}, DirectoryId = {DirectoryId} }}";

    private static string? OptionalString(JsonObject secret, string field, string description)
    {
        if (!secret.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        var kind = node.GetValueKind();
        return kind == JsonValueKind.String
            ? node.GetValue<string>() is { Length: > 0 } value ? value : null
            : throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.InvalidField, $"{description}: field '{field}' is a JSON {Describe(kind)}, not a string");
    }

    private static string RequiredString(JsonObject secret, string field, string description)
    {
        if (!secret.TryGetPropertyValue(field, out var node) || node is null)
        {
            throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.MissingField, $"{description}: field '{field}' is missing");
        }

        return OptionalString(secret, field, description)
            ?? throw DirectoryRefusals.Refuse(DirectoryServiceRotationReasons.MissingField, $"{description}: field '{field}' is empty");
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => kind.ToString().ToLowerInvariant(),
    };

    [GeneratedRegex("^d-[0-9a-f]{10}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DirectoryIdPattern();
}
