using Rotator.Rotation.Ldap;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>Where one rotation's user lives: the directory as Directory Service describes it, and how to bind as the user.</summary>
/// <param name="DirectoryId">The directory ResetUserPassword is called on.</param>
/// <param name="DirectoryName">Its DNS name, for messages and the bind name.</param>
/// <param name="Ldap">The servers testSecret binds to.</param>
/// <param name="BindName">The rendered bind DN or UPN of the user.</param>
internal sealed record DirectoryEndpoint(string DirectoryId, string DirectoryName, LdapDirectory Ldap, string BindName)
{
    /// <summary>For messages: <c>directory d-1234567890 (corp.example.com)</c>.</summary>
    public string Description => $"directory {DirectoryId} ({DirectoryName})";
}
