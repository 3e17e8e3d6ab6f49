using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Strategies.Settings;

/// <summary>
/// What a resource says about its Directory Service rotation (<c>spec.rotation.directoryService</c>) plus the operator's
/// LDAP CA bundle.
/// </summary>
public sealed record DirectoryServiceRotationSettings : StrategySettings
{
    /// <summary>The directory id; default: the secret's directory id field.</summary>
    public string? DirectoryId { get; init; }

    /// <summary>
    /// LDAP URLs testSecret binds to; default: ldaps:// to the directory's DNS addresses. ldap:// URLs are upgraded with
    /// StartTLS unless <see cref="PlainLdap"/>.
    /// </summary>
    public IReadOnlyList<string>? VerifyUrls { get; init; }

    /// <summary>Bind DN template with {username}, {directoryName}, {directoryId}; default <c>{username}@{directoryName}</c>.</summary>
    public string? BindDn { get; init; }

    /// <summary>
    /// Bind without TLS, sending the new password in clear text: only when the resource asks for it
    /// (<c>verify.tls: Disabled</c>). Otherwise every bind is over TLS with the chain and the host name checked.
    /// </summary>
    public bool PlainLdap { get; init; }

    /// <summary>PEM file of the CAs the LDAP servers' certificates must chain to (the operator's); the system's when null.</summary>
    public string? CaFile { get; init; }

    public override string Strategy => StrategyNames.DirectoryServiceAdmin;
}
