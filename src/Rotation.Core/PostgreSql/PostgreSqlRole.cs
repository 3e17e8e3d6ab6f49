namespace Rotator.Rotation.PostgreSql;

/// <summary>A role's attributes as <c>pg_roles</c> shows them (no password: that view masks it).</summary>
/// <param name="Name">The role name.</param>
/// <param name="Superuser">SUPERUSER.</param>
/// <param name="Inherit">INHERIT: uses the privileges of the roles it is a member of without SET ROLE.</param>
/// <param name="CreateRole">CREATEROLE.</param>
/// <param name="CreateDatabase">CREATEDB.</param>
/// <param name="CanLogin">LOGIN.</param>
/// <param name="Replication">REPLICATION.</param>
/// <param name="BypassRowSecurity">BYPASSRLS.</param>
/// <param name="ConnectionLimit">CONNECTION LIMIT; -1 for none.</param>
/// <param name="ValidUntil">VALID UNTIL as a timestamp text (UTC, ISO 8601) or <c>infinity</c>; null when never set.</param>
public sealed record PostgreSqlRole(
    string Name,
    bool Superuser,
    bool Inherit,
    bool CreateRole,
    bool CreateDatabase,
    bool CanLogin,
    bool Replication,
    bool BypassRowSecurity,
    int ConnectionLimit,
    string? ValidUntil)
{
    /// <summary>The columns <see cref="PostgreSqlAdminSession"/> selects, in constructor order.</summary>
    internal const string SelectList =
        "rolname::text, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, "
        + "CASE WHEN rolvaliduntil IS NULL THEN NULL WHEN isfinite(rolvaliduntil) "
        + "THEN to_char(rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') ELSE rolvaliduntil::text END";

    /// <summary>VALID UNTIL as the clause takes it: never set means <c>infinity</c>.</summary>
    public string ValidUntilOrInfinity => ValidUntil ?? "infinity";

    /// <summary>The attributes this role has and <paramref name="other"/> lacks, among those not copied to a clone.</summary>
    public IEnumerable<string> PowersBeyond(PostgreSqlRole other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new (bool Mine, bool Theirs, string Name)[]
        {
            (Superuser, other.Superuser, "SUPERUSER"),
            (CreateRole, other.CreateRole, "CREATEROLE"),
            (CreateDatabase, other.CreateDatabase, "CREATEDB"),
            (Replication, other.Replication, "REPLICATION"),
            (BypassRowSecurity, other.BypassRowSecurity, "BYPASSRLS"),
        }.Where(a => a.Mine && !a.Theirs).Select(a => a.Name);
    }
}
