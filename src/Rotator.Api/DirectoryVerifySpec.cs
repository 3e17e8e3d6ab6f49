using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>
/// Where and how testSecret binds with the pending password. TLS verifies the server: its certificate must chain to the
/// operator's LDAP CA (<c>--ldap-ca-file</c>, else the system's trusted CAs) and name the URL's host. ldaps:// is TLS
/// from the start, ldap:// is upgraded with StartTLS; plain LDAP, which sends the password in clear text, only with
/// <c>tls: Disabled</c>.
/// </summary>
public sealed record DirectoryVerifySpec
{
    /// <summary>LDAP URL, e.g. ldaps://dc1.corp.example.com, or ldap://dc1.corp.example.com for StartTLS; default: ldaps:// to the directory's DNS addresses.</summary>
    [RegularExpression(@"^ldaps?://.+$")]
    public string? Url { get; init; }

    /// <summary>VerifyFull (default: TLS, chain and host name checked) or Disabled (plain LDAP, the password in clear text; to an ldap:// url or port 389 of the directory's addresses).</summary>
    public TlsMode? Tls { get; init; }

    /// <summary>Bind name template with {username}, {directoryName}, {directoryId}; default "{username}@{directoryName}".</summary>
    [MaxLength(1024)]
    public string? BindDn { get; init; }
}
