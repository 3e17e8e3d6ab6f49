namespace Rotator.Rotation.Ldap;

/// <summary>
/// The servers of one directory and how to talk to them. A directory usually has several addresses
/// (AWS Directory Service gives two domain controllers); they are tried in order.
/// </summary>
/// <remarks>
/// TLS (<c>ldaps://</c>, or <c>ldap://</c> with <see cref="StartTls"/>) always verifies the server: its certificate must
/// chain to a trusted CA and name the host of the URL. There is no setting to turn that off; <c>ldap://</c> without
/// StartTLS is the only way to skip TLS.
/// </remarks>
/// <param name="Servers"><c>ldap://host[:port]</c> or <c>ldaps://host[:port]</c> URLs.</param>
public sealed record LdapDirectory(IReadOnlyList<Uri> Servers)
{
    /// <summary>
    /// Upgrade <c>ldap://</c> connections with the StartTLS extended operation before binding (<c>ldaps://</c> ones are
    /// TLS from the start); without it an <c>ldap://</c> bind sends the password in clear text.
    /// </summary>
    public bool StartTls { get; init; }

    /// <summary>
    /// PEM file of the CA (or CAs) the servers' certificates must chain to, instead of the system's trusted CAs
    /// (libldap's <c>TLS_CACERT</c>). Read at every bind, so a renewed bundle is used without a restart.
    /// </summary>
    public string? CaFile { get; init; }
}
