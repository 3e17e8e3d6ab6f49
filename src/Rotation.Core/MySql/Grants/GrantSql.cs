namespace Rotator.Rotation.MySql.Grants;

/// <summary>GRANT and REVOKE statements for one grantee, built from the server's own texts for objects and roles.</summary>
internal static class GrantSql
{
    /// <summary>One GRANT per object and grant option, column privileges merged the way the server prints them.</summary>
    public static IEnumerable<string> Grant(IEnumerable<PrivilegeGrant> privileges, string grantee)
    {
        foreach (var group in privileges.GroupBy(p => (p.Object, p.GrantOption)).OrderBy(g => g.Key.Object, StringComparer.Ordinal))
        {
            var items = group
                .GroupBy(p => p.Privilege)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(ItemsOf);
            var option = group.Key.GrantOption ? " WITH GRANT OPTION" : "";
            yield return $"GRANT {string.Join(", ", items)} ON {group.Key.Object} TO {grantee}{option}";
        }
    }

    /// <summary>Revokes exactly this privilege; when it carried the grant option, that goes too (the caller re-grants what should stay).</summary>
    public static IEnumerable<string> Revoke(PrivilegeGrant privilege, string grantee)
    {
        if (privilege.Privilege != PrivilegeGrant.Usage)
        {
            var column = privilege.Column is null ? "" : $" ({privilege.Column})";
            yield return $"REVOKE {privilege.Privilege}{column} ON {privilege.Object} FROM {grantee}";
        }

        if (privilege.GrantOption)
        {
            yield return $"REVOKE GRANT OPTION ON {privilege.Object} FROM {grantee}";
        }
    }

    public static string GrantRole(RoleGrant role, string grantee) =>
        $"GRANT {role.Role} TO {grantee}{(role.AdminOption ? " WITH ADMIN OPTION" : "")}";

    public static string RevokeRole(RoleGrant role, string grantee) => $"REVOKE {role.Role} FROM {grantee}";

    private static IEnumerable<string> ItemsOf(IGrouping<string, PrivilegeGrant> privilege)
    {
        if (privilege.Any(p => p.Column is null))
        {
            yield return privilege.Key;
        }

        var columns = privilege.Where(p => p.Column is not null).Select(p => p.Column!).Order(StringComparer.Ordinal).ToList();
        if (columns.Count > 0)
        {
            yield return $"{privilege.Key} ({string.Join(", ", columns)})";
        }
    }
}
