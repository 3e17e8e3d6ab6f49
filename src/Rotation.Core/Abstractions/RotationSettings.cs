namespace Rotator.Rotation.Abstractions;

/// <summary>
/// The resource's strategy settings, as plain values (Rotation.Core knows nothing of Kubernetes).
/// Unset values mean "use the default described in API.md".
/// </summary>
public sealed record RotationSettings
{
    /// <summary>MySQL alternating users: the admin secret (name or ARN); default: the secret's <c>masterarn</c> field.</summary>
    public string? MySqlMasterSecretId { get; init; }

    /// <summary>MySQL TLS mode name: Disabled, Preferred, Required, VerifyCA, VerifyFull; default Required.</summary>
    public string? MySqlTls { get; init; }

    /// <summary>PEM file of the CA that signs the database's certificate (VerifyCA).</summary>
    public string? MySqlCaFile { get; init; }

    /// <summary>MySQL single user on MySQL &gt;= 8.0.14: keep the old password valid until consumers rolled out.</summary>
    public bool MySqlDualPassword { get; init; }

    /// <summary>Directory Service: directory id; default: the secret's directory id field.</summary>
    public string? DirectoryId { get; init; }

    /// <summary>Directory Service: LDAP URLs testSecret binds to; default: ldaps:// to the directory's DNS addresses (ldap:// with <see cref="DirectoryStartTls"/>).</summary>
    public IReadOnlyList<string>? DirectoryVerifyUrls { get; init; }

    /// <summary>Directory Service: upgrade ldap:// URLs with StartTLS before binding; ldaps:// URLs cannot take it.</summary>
    public bool DirectoryStartTls { get; init; }

    /// <summary>
    /// Directory Service: PEM file of the CAs the LDAP servers' certificates must chain to (the operator's
    /// <c>--ldap-ca-file</c>); the system's trusted CAs when null. The host name is always checked.
    /// </summary>
    public string? DirectoryCaFile { get; init; }

    /// <summary>Directory Service: bind DN template with {username}, {directoryName}, {directoryId}; default <c>{username}@{directoryName}</c>.</summary>
    public string? DirectoryBindDn { get; init; }

    /// <summary>RandomValue: the JSON field to regenerate; the whole SecretString when null. Set, a secret that is not a JSON object with that field is refused.</summary>
    public string? RandomValueField { get; init; }

    /// <summary>RandomValue: length in bytes when regenerating a SecretBinary.</summary>
    public int? RandomBinaryLength { get; init; }
}
