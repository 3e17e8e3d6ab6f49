namespace Rotator.Rotation.Ldap;

/// <summary>
/// The servers of one directory and how to talk to them. A directory usually has several addresses
/// (AWS Directory Service gives two domain controllers); they are tried in order.
/// </summary>
/// <param name="Servers"><c>ldap://host[:port]</c> or <c>ldaps://host[:port]</c> URLs.</param>
public sealed record LdapDirectory(IReadOnlyList<Uri> Servers)
{
    /// <summary>Upgrade <c>ldap://</c> connections with the StartTLS extended operation before binding.</summary>
    public bool StartTls { get; init; }

    /// <summary>
    /// OpenSSL-style hashed CA directory (<c>c_rehash</c>) that TLS server certificates must chain to. Null uses
    /// libldap's default trust (<c>TLS_CACERT</c> in ldap.conf).
    /// </summary>
    public string? TrustedCertificatesDirectory { get; init; }
}
