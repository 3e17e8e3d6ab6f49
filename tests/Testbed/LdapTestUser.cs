namespace Rotator.Testbed;

/// <summary>
/// A throw-away user in the test bed's slapd, so a test that changes a password never disturbs the shared
/// <see cref="LdapServer.UserDn"/> other tests bind as. Deleted on dispose.
/// </summary>
public sealed class LdapTestUser : IDisposable
{
    private readonly LdapAdmin admin;

    private LdapTestUser(LdapAdmin admin, string uid, string dn, string password)
    {
        this.admin = admin;
        Uid = uid;
        Dn = dn;
        Password = password;
    }

    public string Uid { get; }

    public string Dn { get; }

    /// <summary>The password the user was created with.</summary>
    public string Password { get; }

    public static LdapTestUser Create(LdapServer server, string prefix = "rot")
    {
        var admin = new LdapAdmin(server);
        var uid = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        var password = $"Init-{Guid.NewGuid():N}";
        return new LdapTestUser(admin, uid, admin.CreateUser(uid, password), password);
    }

    public void Dispose() => admin.DeleteUser(Dn);

    public override string ToString() => Dn;
}
