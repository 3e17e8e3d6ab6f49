using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>Directory Service strategy settings.</summary>
public sealed record DirectoryServiceSpec
{
    /// <summary>Directory id; default: the secret's directory id field.</summary>
    [RegularExpression(SchemaPatterns.DirectoryId)]
    public string? DirectoryId { get; init; }

    /// <summary>
    /// How the new password is verified: an LDAP bind. Over TLS (ldaps://, or ldap:// upgraded with StartTLS) the server's
    /// certificate must chain to the operator's LDAP CA (else the system's CAs) and name the host; plain LDAP, which sends
    /// the password in clear text, only with <c>verify.tls: Disabled</c>.
    /// </summary>
    public DirectoryVerifySpec? Verify { get; init; }
}
