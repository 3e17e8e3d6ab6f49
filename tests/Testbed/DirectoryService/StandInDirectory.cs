using System.Text;

namespace Rotator.Testbed.DirectoryService;

/// <summary>
/// A directory the stand-in serves: what <c>DescribeDirectories</c> reports, and the LDAP server whose users
/// <c>ResetUserPassword</c> changes.
/// </summary>
/// <param name="DirectoryId">e.g. <c>d-1234567890</c>.</param>
/// <param name="Name">DNS name reported as <c>Name</c>.</param>
/// <param name="ShortName">NetBIOS name reported as <c>ShortName</c>.</param>
/// <param name="DnsIpAddrs">Reported as <c>DnsIpAddrs</c>.</param>
/// <param name="Ldap">The directory behind it (users live under <c>ou=people</c> of its base DN).</param>
public sealed record StandInDirectory(string DirectoryId, string Name, string ShortName, IReadOnlyList<string> DnsIpAddrs, LdapServer Ldap)
{
    /// <summary>A directory backed by the test bed's slapd, reporting its host as the DNS address.</summary>
    public static StandInDirectory ForTestbed(
        LdapServer ldap, string directoryId = "d-1234567890", string name = "rotator.test", string shortName = "ROTATOR")
    {
        ArgumentNullException.ThrowIfNull(ldap);
        return new StandInDirectory(directoryId, name, shortName, [ldap.Url.Host], ldap);
    }

    // LdapServer prints its admin password; keep it out of test output.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"DirectoryId = {DirectoryId}, Name = {Name}, Ldap = {Ldap.Url}");
        return true;
    }
}
