namespace Rotator.Testbed;

/// <summary>The test bed's slapd: a real LDAP directory with one user entry.</summary>
/// <param name="Url">Plain <c>ldap://</c>; it also takes StartTLS.</param>
/// <param name="LdapsUrl"><c>ldaps://</c> on its own port.</param>
/// <param name="CaFile">PEM file of the test bed's CA, which signs the server's certificate (for 127.0.0.1 and localhost).</param>
/// <param name="BaseDn">The tree's root.</param>
/// <param name="AdminDn">The root DN, which may change anything.</param>
/// <param name="AdminPassword">Its password.</param>
/// <param name="UserDn">A seeded user.</param>
/// <param name="UserPassword">Its password.</param>
public sealed record LdapServer(Uri Url, Uri LdapsUrl, string CaFile, string BaseDn, string AdminDn, string AdminPassword, string UserDn, string UserPassword);
