namespace Rotator.Testbed;

/// <summary>The test bed's slapd: a real LDAP directory with one user entry.</summary>
public sealed record LdapServer(Uri Url, string BaseDn, string AdminDn, string AdminPassword, string UserDn, string UserPassword);
