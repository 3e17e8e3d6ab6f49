using System.ComponentModel.DataAnnotations;

namespace Rotator.Operator.Resources;

/// <summary>
/// Where and how testSecret binds with the pending password. TLS always verifies the server: its certificate must chain
/// to the operator's LDAP CA (<c>--ldap-ca-file</c>, else the system's trusted CAs) and name the URL's host. Plain LDAP,
/// which sends the password in clear text, only with an ldap:// url and startTls false.
/// </summary>
public sealed record DirectoryVerifySpec
{
    /// <summary>LDAP URL, e.g. ldaps://dc1.corp.example.com or ldap://dc1.corp.example.com with startTls; default: ldaps:// to the directory's DNS addresses (ldap:// with startTls).</summary>
    [RegularExpression(@"^ldaps?://.+$")]
    public string? Url { get; init; }

    /// <summary>Upgrade the ldap:// connection with StartTLS before binding (not with an ldaps:// url); default false.</summary>
    public bool? StartTls { get; init; }

    /// <summary>Bind name template with {username}, {directoryName}, {directoryId}; default "{username}@{directoryName}".</summary>
    [MaxLength(1024)]
    public string? BindDn { get; init; }
}
