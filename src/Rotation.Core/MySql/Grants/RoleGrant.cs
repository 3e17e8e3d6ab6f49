namespace Rotator.Rotation.MySql.Grants;

/// <summary>A role granted to an account, as SHOW GRANTS prints it (<c>`r`@`%`</c> on MySQL, <c>`r`</c> on MariaDB).</summary>
internal readonly record struct RoleGrant(string Role, bool AdminOption)
{
    public override string ToString() => AdminOption ? $"{Role} WITH ADMIN OPTION" : Role;
}
