using System.Globalization;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// Brings a clone role in line with its original inside the caller's transaction: creates it or sets its attributes and
/// password, then adds what it lacks (memberships, CONNECT, settings) and lists what it has beyond the original.
/// Nothing is revoked: the clone may be in use by consumers that have not rolled over yet.
/// </summary>
internal sealed class PostgreSqlCloneSynchronizer(PostgreSqlSession session, IPostgreSqlAdminSession admin)
{
    private const string RoleSetting = "role";

    public async Task<PostgreSqlCloneReport> SyncAsync(string original, string clone, string password, CancellationToken cancellationToken)
    {
        var source = await admin.GetRoleAsync(original, cancellationToken)
            ?? throw new PostgreSqlTargetException(PostgreSqlFailure.RoleNotFound, $"role '{original}' does not exist, so it cannot be cloned");
        var existing = await admin.GetRoleAsync(clone, cancellationToken);
        var changed = new List<string>();
        var (verifier, encoding) = await session.VerifierAsync(clone, password, cancellationToken);
        await CreateOrAlterAsync(source, existing, clone, password, verifier, changed, cancellationToken);

        var desiredMemberships = (await MembershipsAsync(original, cancellationToken))
            .Where(m => !string.Equals(m.Key, clone, StringComparison.Ordinal))
            .ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        desiredMemberships.TryAdd(original, false);
        var memberships = await MembershipsAsync(clone, cancellationToken);
        foreach (var (role, adminOption) in desiredMemberships.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (!memberships.TryGetValue(role, out var has) || (adminOption && !has))
            {
                var option = adminOption ? " WITH ADMIN OPTION" : "";
                await session.ExecuteAsync(
                    $"granting '{clone}' membership in '{role}'",
                    $"GRANT {PostgreSqlSyntax.Identifier(role)} TO {PostgreSqlSyntax.Identifier(clone)}{option}",
                    null,
                    cancellationToken);
                changed.Add($"member of {role}{option}");
            }
        }

        var settings = await SettingsAsync(original, cancellationToken);
        var owner = settings.FirstOrDefault(s => s.Database is null && IsRole(s))?.Value ?? original;
        var desiredSettings = settings.Any(s => s.Database is null && IsRole(s))
            ? settings
            : [.. settings, new PostgreSqlRoleSetting(null, RoleSetting, owner)];
        var cloneSettings = await SettingsAsync(clone, cancellationToken);
        var notCopied = new List<string>();
        foreach (var setting in desiredSettings)
        {
            if (!cloneSettings.Any(s => s.SameSlotAs(setting) && string.Equals(s.Value, setting.Value, StringComparison.Ordinal)))
            {
                // Superuser-only parameters (and, since PostgreSQL 15, custom ones no module defines) refuse a CREATEROLE
                // admin: the rest is still copied, and what is missing is said.
                var refused = await session.TryExecuteAsync($"copying the {setting.Describe()} to '{clone}'", setting.ToAlterRole(clone), cancellationToken);
                if (refused is null)
                {
                    changed.Add(setting.Describe());
                }
                else
                {
                    notCopied.Add($"{setting.Describe()} (the admin may not set it)");
                }
            }
        }

        var desiredConnect = await ConnectGrantsAsync(original, cancellationToken);
        var cloneConnect = await ConnectGrantsAsync(clone, cancellationToken);
        foreach (var database in desiredConnect.Except(cloneConnect, StringComparer.Ordinal))
        {
            await GrantConnectAsync(clone, database, cancellationToken);
            changed.Add($"CONNECT on database {database}");
        }

        var beyond = new List<string>();
        beyond.AddRange((existing ?? source).PowersBeyond(source));
        beyond.AddRange(memberships
            .Where(m => !desiredMemberships.TryGetValue(m.Key, out var wanted) || (m.Value && !wanted))
            .Select(m => m.Value ? $"member of {m.Key} WITH ADMIN OPTION" : $"member of {m.Key}"));
        beyond.AddRange(cloneSettings.Where(s => !desiredSettings.Any(d => d.SameSlotAs(s))).Select(s => s.Describe()));
        beyond.AddRange(cloneConnect.Except(desiredConnect, StringComparer.Ordinal).Select(d => $"CONNECT on database {d}"));
        beyond.AddRange(await DependenciesAsync(clone, original, cancellationToken));
        return new PostgreSqlCloneReport(existing is null, owner, changed, beyond, notCopied, encoding);
    }

    private static bool IsRole(PostgreSqlRoleSetting setting) => string.Equals(setting.Name, RoleSetting, StringComparison.OrdinalIgnoreCase);

    private async Task CreateOrAlterAsync(
        PostgreSqlRole source, PostgreSqlRole? existing, string clone, string password, string verifier, List<string> changed, CancellationToken cancellationToken)
    {
        var name = PostgreSqlSyntax.Identifier(clone);
        var inherit = source.Inherit ? "INHERIT" : "NOINHERIT";
        var limit = string.Create(CultureInfo.InvariantCulture, $"CONNECTION LIMIT {source.ConnectionLimit}");
        var validUntil = $"VALID UNTIL {PostgreSqlSyntax.Literal(source.ValidUntilOrInfinity)}";
        if (existing is null)
        {
            // Created with its password in the same statement: the role never exists without one.
            await session.ExecuteAsync(
                $"creating role '{clone}'",
                $"CREATE ROLE {name} WITH LOGIN {inherit} {limit} {validUntil} PASSWORD {PostgreSqlSyntax.Literal(verifier)}",
                [password, verifier],
                cancellationToken,
                setsPassword: true);
            changed.AddRange(["LOGIN", inherit, limit, validUntil]);
            return;
        }

        var attributes = new List<string>();
        if (!existing.CanLogin)
        {
            attributes.Add("LOGIN");
        }

        if (existing.Inherit != source.Inherit)
        {
            attributes.Add(inherit);
        }

        if (existing.ConnectionLimit != source.ConnectionLimit)
        {
            attributes.Add(limit);
        }

        if (!string.Equals(existing.ValidUntilOrInfinity, source.ValidUntilOrInfinity, StringComparison.Ordinal))
        {
            attributes.Add(validUntil);
        }

        if (attributes.Count > 0)
        {
            await session.ExecuteAsync($"copying the attributes of the original to '{clone}'", $"ALTER ROLE {name} WITH {string.Join(' ', attributes)}", null, cancellationToken);
            changed.AddRange(attributes);
        }

        await session.ExecuteAsync(
            $"setting the password of role '{clone}'",
            $"ALTER ROLE {name} PASSWORD {PostgreSqlSyntax.Literal(verifier)}",
            [password, verifier],
            cancellationToken,
            setsPassword: true);
    }

    /// <summary>The roles <paramref name="member"/> is a direct member of, with whether it holds the admin option.</summary>
    private async Task<Dictionary<string, bool>> MembershipsAsync(string member, CancellationToken cancellationToken)
    {
        // Since PostgreSQL 16 a membership may be granted by several grantors: one row per role here.
        var rows = await session.QueryAsync(
            $"reading the role memberships of '{member}'",
            "SELECT r.rolname::text, bool_or(m.admin_option) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
            + "WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = $1) GROUP BY r.rolname",
            [member],
            r => (Role: r.GetString(0), Admin: r.GetBoolean(1)),
            cancellationToken);
        return rows.ToDictionary(r => r.Role, r => r.Admin, StringComparer.Ordinal);
    }

    private async Task<IReadOnlyList<PostgreSqlRoleSetting>> SettingsAsync(string role, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(
            $"reading the per-role settings of '{role}'",
            "SELECT d.datname::text, c.entry FROM pg_db_role_setting s LEFT JOIN pg_database d ON d.oid = s.setdatabase, "
            + "unnest(s.setconfig) AS c(entry) WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = $1) ORDER BY 1 NULLS FIRST, 2",
            [role],
            r => PostgreSqlRoleSetting.Parse(r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1)),
            cancellationToken);
        return rows.OfType<PostgreSqlRoleSetting>().ToList();
    }

    /// <summary>Databases on which <paramref name="role"/> holds CONNECT by a grant of its own (not through PUBLIC or a membership).</summary>
    private async Task<IReadOnlyList<string>> ConnectGrantsAsync(string role, CancellationToken cancellationToken) =>
        await session.QueryAsync(
            $"reading the database CONNECT grants of '{role}'",
            "SELECT DISTINCT d.datname::text FROM pg_database d, aclexplode(d.datacl) a "
            + "WHERE a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $1) AND a.privilege_type = 'CONNECT' ORDER BY 1",
            [role],
            r => r.GetString(0),
            cancellationToken);

    private async Task GrantConnectAsync(string clone, string database, CancellationToken cancellationToken)
    {
        PostgreSqlNames.Validate(database, "database", session.Server.ServerEncoding);
        await session.ExecuteAsync(
            $"granting '{clone}' CONNECT on database '{database}'",
            $"GRANT CONNECT ON DATABASE {PostgreSqlSyntax.Identifier(database)} TO {PostgreSqlSyntax.Identifier(clone)}",
            null,
            cancellationToken);

        // A grantor without the grant option gets a WARNING, not an error, and nothing is granted.
        var granted = await ConnectGrantsAsync(clone, cancellationToken);
        if (!granted.Contains(database, StringComparer.Ordinal))
        {
            throw new PostgreSqlTargetException(
                PostgreSqlFailure.AccessDenied,
                $"granting '{clone}' CONNECT on database '{database}' granted nothing: the admin must own the database or hold CONNECT on it WITH GRANT OPTION");
        }
    }

    /// <summary>
    /// Objects the clone owns and privileges granted to it directly, in every database: left over from before it acted as the
    /// original. Database privileges are left out: CONNECT is compared on its own.
    /// </summary>
    private async Task<IEnumerable<string>> DependenciesAsync(string clone, string original, CancellationToken cancellationToken)
    {
        var (owned, privileges) = await session.ScalarAsync(
            $"counting what '{clone}' owns",
            "SELECT count(*) FILTER (WHERE deptype = 'o'), count(*) FILTER (WHERE deptype = 'a' AND classid <> 'pg_database'::regclass) FROM pg_shdepend "
            + "WHERE refclassid = 'pg_authid'::regclass AND refobjid = (SELECT oid FROM pg_roles WHERE rolname = $1)",
            [clone],
            r => (r.GetInt64(0), r.GetInt64(1)),
            cancellationToken);
        var found = new List<string>();
        if (owned > 0)
        {
            found.Add(string.Create(CultureInfo.InvariantCulture, $"owns {owned} objects (REASSIGN OWNED BY {PostgreSqlSyntax.Identifier(clone)} TO {PostgreSqlSyntax.Identifier(original)} gives them to the original)"));
        }

        if (privileges > 0)
        {
            found.Add(string.Create(CultureInfo.InvariantCulture, $"holds privileges granted to it directly on {privileges} objects"));
        }

        return found;
    }
}
