using System.DirectoryServices.Protocols;
using System.Net;
using System.Text;

namespace Rotator.Testbed;

/// <summary>
/// Writes to the test bed's slapd as its root DN: users under <c>ou=people</c>, found by <c>uid</c>
/// case-insensitively (the schema's matching rule), with passwords set through the RFC 3062 password modify
/// operation so slapd stores them hashed, as a real directory would.
/// </summary>
public sealed class LdapAdmin
{
    private const string PasswordModifyOid = "1.3.6.1.4.1.4203.1.11.1";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly LdapServer server;

    public LdapAdmin(LdapServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        this.server = server;
    }

    public string PeopleDn => $"ou=people,{server.BaseDn}";

    /// <summary>Adds an inetOrgPerson <c>uid=<paramref name="uid"/></c> with this password; returns its DN.</summary>
    public string CreateUser(string uid, string password)
    {
        var dn = $"uid={uid},{PeopleDn}";
        using var connection = Connect();
        connection.SendRequest(new AddRequest(
            dn,
            new DirectoryAttribute("objectClass", "inetOrgPerson"),
            new DirectoryAttribute("uid", uid),
            new DirectoryAttribute("cn", uid),
            new DirectoryAttribute("sn", uid)));
        SetPassword(connection, dn, password);
        return dn;
    }

    public void DeleteUser(string dn)
    {
        using var connection = Connect();
        connection.SendRequest(new DeleteRequest(dn));
    }

    /// <summary>The DN of the user whose <c>uid</c> matches <paramref name="userName"/> ignoring case, or null.</summary>
    public string? FindUser(string userName)
    {
        using var connection = Connect();
        var response = (SearchResponse)connection.SendRequest(
            new SearchRequest(PeopleDn, $"(uid={EscapeFilterValue(userName)})", SearchScope.OneLevel, "uid"));
        return response.Entries.Count == 1 ? response.Entries[0].DistinguishedName : null;
    }

    public void SetPassword(string dn, string password)
    {
        using var connection = Connect();
        SetPassword(connection, dn, password);
    }

    private static void SetPassword(LdapConnection connection, string dn, string password)
    {
        // PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0] OCTET STRING, newPasswd [2] OCTET STRING }
        var value = BerConverter.Encode("{tsto}", 0x80, dn, 0x82, Encoding.UTF8.GetBytes(password));
        connection.SendRequest(new ExtendedRequest(PasswordModifyOid, value));
    }

    private LdapConnection Connect()
    {
        var connection = new LdapConnection(
            new LdapDirectoryIdentifier(server.Url.Host, server.Url.Port),
            new NetworkCredential(server.AdminDn, server.AdminPassword),
            AuthType.Basic)
        {
            Timeout = Timeout,
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.Bind();
        return connection;
    }

    /// <summary>RFC 4515: a user name must not be able to widen the search filter.</summary>
    private static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            escaped.Append(c switch
            {
                '*' => @"\2a",
                '(' => @"\28",
                ')' => @"\29",
                '\\' => @"\5c",
                '\0' => @"\00",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
