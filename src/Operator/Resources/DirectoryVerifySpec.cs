using System.ComponentModel.DataAnnotations;

namespace Rotator.Operator.Resources;

/// <summary>Where testSecret binds with the pending password.</summary>
public sealed record DirectoryVerifySpec
{
    /// <summary>LDAP URL, e.g. ldaps://dc1.corp.example.com; default: ldaps:// to the directory's DNS addresses.</summary>
    [RegularExpression(@"^ldaps?://.+$")]
    public string? Url { get; init; }

    /// <summary>Bind name template with {username}, {directoryName}, {directoryId}; default "{username}@{directoryName}".</summary>
    [MaxLength(1024)]
    public string? BindDn { get; init; }
}
