using System.DirectoryServices.Protocols;
using System.Net;
using FluentAssertions;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Testbed;

/// <summary>slapd is a real directory: a simple bind succeeds with the right password and fails with LDAP error 49 otherwise.</summary>
public sealed class LdapSmokeTests(TestbedFixture testbed)
{
    [Fact]
    public void Binds_with_the_right_password()
    {
        using var connection = Connect(testbed.Ldap.UserDn, testbed.Ldap.UserPassword);
        connection.Bind();
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(testbed.Ldap.UserDn, "(objectClass=*)", SearchScope.Base, "uid"));
        response.Entries.Count.Should().Be(1);
    }

    [Fact]
    public void Refuses_a_wrong_password_with_invalid_credentials()
    {
        using var connection = Connect(testbed.Ldap.UserDn, testbed.Ldap.UserPassword + "x");
        var bind = () => connection.Bind();
        bind.Should().Throw<LdapException>().Which.ErrorCode.Should().Be(49);
    }

    private LdapConnection Connect(string dn, string password)
    {
        var url = testbed.Ldap.Url;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(url.Host, url.Port), new NetworkCredential(dn, password), AuthType.Basic)
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        return connection;
    }
}
