using MySqlConnector;
using Rotator.Rotation.MySql.Grants;

namespace Rotator.Rotation.MySql;

/// <summary>
/// Copies one account's grants onto its clone, host by host, and takes away what the original does not hold.
/// Adds come first and revokes last, so a clone in use never loses a privilege the original has, except for the
/// moment a revoke of a broader grant (e.g. ALL PRIVILEGES when only SELECT should remain) is followed by the re-grant.
/// </summary>
/// <remarks>
/// Cancellation stops the sync between changes, never inside one: each write runs to its end once sent
/// (<see cref="MySqlSession.ChangeAsync"/>), and from a host's first revoke to the check after its re-grant nothing
/// honours the token, so a stopped rotation never leaves the clone without a grant the original holds.
/// </remarks>
internal sealed class MySqlCloneSynchronizer(MySqlSession session)
{
    // "There is no such grant": an earlier revoke in the same pass already took it away.
    private static readonly HashSet<int> AlreadyRevoked =
        [(int)MySqlErrorCode.NonExistingGrant, (int)MySqlErrorCode.NonExistingTableGrant, (int)MySqlErrorCode.NonExistingProcedureGrant];

    private MySqlQuoter Quote => session.Quote;

    private MySqlServerInfo Server => session.Server;

    public async Task<MySqlCloneReport> SyncAsync(
        string original,
        string clone,
        IReadOnlyList<string> originalHosts,
        IReadOnlyList<string> cloneHosts,
        IReadOnlyList<string> createdHosts,
        CancellationToken cancellationToken)
    {
        var granted = new List<string>();
        var revoked = new List<string>();
        foreach (var host in originalHosts)
        {
            await CopyAccountOptionsAsync(original, clone, host, cancellationToken);
            var desired = await ReadGrantsAsync(original, host, cancellationToken);
            await ReconcileAsync(clone, host, desired, granted, revoked, cancellationToken);
            await CopyDefaultRolesAsync(original, clone, host, desired, granted, cancellationToken);
        }

        var orphans = cloneHosts.Except(originalHosts, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var host in orphans)
        {
            await ReconcileAsync(clone, host, AccountGrants.Empty, granted, revoked, cancellationToken);
            await SetDefaultRolesAsync(clone, host, [], AccountGrants.Empty, granted, cancellationToken);
        }

        return new MySqlCloneReport(createdHosts, granted, revoked, orphans);
    }

    private async Task CopyAccountOptionsAsync(string original, string clone, string host, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(
            $"reading the TLS requirements of '{original}'@'{host}'",
            $"SELECT {MySqlAccountOptions.SelectList} FROM mysql.user WHERE {Quote.ColumnEquals("User", original)} AND {Quote.ColumnEquals("Host", host)}",
            MySqlAccountOptions.Read,
            cancellationToken);
        if (rows.Count != 1)
        {
            throw new MySqlTargetException(MySqlFailure.UserNotFound, $"account '{original}'@'{host}' disappeared while being cloned");
        }

        await session.ChangeAsync(
            $"copying the TLS requirements and limits of '{original}'@'{host}' to '{clone}'",
            [$"ALTER USER {Quote.Account(clone, host)}{rows[0].ToAlterUserClause(Quote)}"],
            null,
            cancellationToken);
    }

    private async Task ReconcileAsync(string clone, string host, AccountGrants desired, List<string> granted, List<string> revoked, CancellationToken cancellationToken)
    {
        var grantee = Quote.Account(clone, host);
        var actual = await ReadGrantsAsync(clone, host, cancellationToken);
        if (await GrantMissingAsync(clone, host, desired, actual, granted, cancellationToken))
        {
            actual = await ReadGrantsAsync(clone, host, cancellationToken);
        }

        var extraPrivileges = actual.Privileges.Except(desired.Privileges).ToList();
        var extraRoles = actual.Roles.Except(desired.Roles).ToList();
        if (extraPrivileges.Count == 0 && extraRoles.Count == 0)
        {
            return;
        }

        // A revoke can take more than the one grant (REVOKE GRANT OPTION covers the whole object level, ALL PRIVILEGES
        // every privilege) until the re-grant below puts it back: from here to the final check is one change, run to
        // its end without the token.
        cancellationToken.ThrowIfCancellationRequested();
        var toTheEnd = CancellationToken.None;
        foreach (var privilege in extraPrivileges)
        {
            foreach (var statement in GrantSql.Revoke(privilege, grantee))
            {
                await RevokeAsync(clone, statement, toTheEnd);
            }

            revoked.Add($"{host}: {privilege}");
        }

        foreach (var role in extraRoles)
        {
            await RevokeAsync(clone, GrantSql.RevokeRole(role, grantee), toTheEnd);
            revoked.Add($"{host}: {role}");
        }

        // Put back what must stay, then check the pair really matches.
        actual = await ReadGrantsAsync(clone, host, toTheEnd);
        await GrantMissingAsync(clone, host, desired, actual, null, toTheEnd);
        var final = await ReadGrantsAsync(clone, host, toTheEnd);
        if (!final.SameGrantsAs(desired))
        {
            var missing = desired.Privileges.Except(final.Privileges).Select(p => p.ToString())
                .Concat(desired.Roles.Except(final.Roles).Select(r => r.ToString()));
            var extra = final.Privileges.Except(desired.Privileges).Select(p => p.ToString())
                .Concat(final.Roles.Except(desired.Roles).Select(r => r.ToString()));
            throw new MySqlTargetException(
                MySqlFailure.Other,
                $"the grants of '{clone}'@'{host}' still differ from the original after syncing: missing [{string.Join("; ", missing)}], extra [{string.Join("; ", extra)}]");
        }
    }

    private async Task<bool> GrantMissingAsync(string clone, string host, AccountGrants desired, AccountGrants actual, List<string>? granted, CancellationToken cancellationToken)
    {
        var grantee = Quote.Account(clone, host);
        var privileges = desired.Privileges.Except(actual.Privileges).ToList();
        var roles = desired.Roles.Except(actual.Roles).ToList();

        // Roles first: on MariaDB a role must be granted before it can be a default role, and on both servers a
        // privilege held through a role does not show up as the account's own.
        foreach (var role in roles)
        {
            await session.ChangeAsync($"granting a role to '{clone}'@'{host}'", [GrantSql.GrantRole(role, grantee)], null, cancellationToken);
            granted?.Add($"{host}: {role}");
        }

        foreach (var statement in GrantSql.Grant(privileges, grantee))
        {
            await session.ChangeAsync($"granting privileges to '{clone}'@'{host}'", [statement], null, cancellationToken);
        }

        granted?.AddRange(privileges.Select(p => $"{host}: {p}"));
        return privileges.Count > 0 || roles.Count > 0;
    }

    private async Task RevokeAsync(string clone, string statement, CancellationToken cancellationToken)
    {
        try
        {
            await session.ChangeAsync($"revoking from '{clone}'", [statement], null, cancellationToken);
        }
        catch (MySqlTargetException e) when (e.ServerError is { } number && AlreadyRevoked.Contains(number))
        {
            // Gone already; the final comparison decides whether the pair matches.
        }
    }

    private async Task CopyDefaultRolesAsync(string original, string clone, string host, AccountGrants desired, List<string> granted, CancellationToken cancellationToken)
    {
        if (!Server.SupportsRoles)
        {
            return;
        }

        var roles = Server.Flavor == MySqlFlavor.MySql ? await ReadMySqlDefaultRolesAsync(original, host, cancellationToken) : [];
        await SetDefaultRolesAsync(clone, host, roles, desired, granted, cancellationToken);
    }

    /// <summary>Sets the clone's default roles: <paramref name="mySqlRoles"/> on MySQL, <paramref name="desired"/>'s on MariaDB.</summary>
    private async Task SetDefaultRolesAsync(string clone, string host, IReadOnlyList<string> mySqlRoles, AccountGrants desired, List<string> granted, CancellationToken cancellationToken)
    {
        if (!Server.SupportsRoles)
        {
            return;
        }

        var grantee = Quote.Account(clone, host);
        string? roles;
        if (Server.Flavor == MySqlFlavor.MySql)
        {
            var current = await ReadMySqlDefaultRolesAsync(clone, host, cancellationToken);
            roles = current.SequenceEqual(mySqlRoles, StringComparer.Ordinal) ? null : mySqlRoles.Count == 0 ? "NONE" : string.Join(", ", mySqlRoles);
        }
        else
        {
            var current = (await ReadGrantsAsync(clone, host, cancellationToken)).DefaultRole;
            roles = string.Equals(current, desired.DefaultRole, StringComparison.Ordinal) ? null : desired.DefaultRole ?? "NONE";
        }

        if (roles is not null)
        {
            // MySQL says TO, MariaDB FOR.
            var preposition = Server.Flavor == MySqlFlavor.MySql ? "TO" : "FOR";
            await session.ChangeAsync(
                $"setting the default roles of '{clone}'@'{host}'",
                [$"SET DEFAULT ROLE {roles} {preposition} {grantee}"],
                null,
                cancellationToken);
            granted.Add($"{host}: DEFAULT ROLE {roles}");
        }
    }

    /// <summary>MySQL's default roles of an account, as quoted <c>'role'@'host'</c> texts in a stable order.</summary>
    private async Task<IReadOnlyList<string>> ReadMySqlDefaultRolesAsync(string user, string host, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync(
            $"reading the default roles of '{user}'@'{host}'",
            $"SELECT DEFAULT_ROLE_USER, DEFAULT_ROLE_HOST FROM mysql.default_roles WHERE {Quote.ColumnEquals("USER", user)} AND {Quote.ColumnEquals("HOST", host)}",
            r => Quote.Account(r.GetString(0), r.GetString(1)),
            cancellationToken);
        return rows.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<AccountGrants> ReadGrantsAsync(string user, string host, CancellationToken cancellationToken)
    {
        var lines = await session.QueryStringsAsync(
            $"reading the grants of '{user}'@'{host}'",
            $"SHOW GRANTS FOR {Quote.Account(user, host)}",
            cancellationToken);
        try
        {
            return ShowGrantsParser.Parse(lines, Quote.BackslashEscapes);
        }
        catch (FormatException e)
        {
            throw new MySqlTargetException(MySqlFailure.NotSupported, $"cannot read the grants of '{user}'@'{host}': {e.Message}");
        }
    }
}
