namespace Rotator.Rotation.MySql.Grants;

/// <summary>Everything SHOW GRANTS says an account holds, without the account's name, password or TLS requirements.</summary>
internal sealed class AccountGrants
{
    public AccountGrants(IReadOnlySet<PrivilegeGrant> privileges, IReadOnlySet<RoleGrant> roles, string? defaultRole)
    {
        Privileges = privileges;
        Roles = roles;
        DefaultRole = defaultRole;
    }

    public static AccountGrants Empty { get; } = new(new HashSet<PrivilegeGrant>(), new HashSet<RoleGrant>(), null);

    /// <summary>Privileges on objects.</summary>
    public IReadOnlySet<PrivilegeGrant> Privileges { get; }

    /// <summary>Roles granted.</summary>
    public IReadOnlySet<RoleGrant> Roles { get; }

    /// <summary>
    /// MariaDB only: the role of the <c>SET DEFAULT ROLE</c> line, as printed; null when none. MySQL keeps default
    /// roles out of SHOW GRANTS, so they are read from <c>mysql.default_roles</c> there.
    /// </summary>
    public string? DefaultRole { get; }

    /// <summary>Same privileges and roles (default roles are handled on their own).</summary>
    public bool SameGrantsAs(AccountGrants other) =>
        Privileges.SetEquals(other.Privileges) && Roles.SetEquals(other.Roles);
}
