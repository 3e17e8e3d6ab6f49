namespace Rotator.Rotation.MySql;

/// <summary>The administrator operations of <see cref="IMySqlAdminSession"/> over one <see cref="MySqlSession"/>.</summary>
internal sealed class MySqlAdminSession : IMySqlAdminSession
{
    private readonly MySqlSession session;
    private readonly MySqlCloneSynchronizer synchronizer;

    public MySqlAdminSession(MySqlSession session)
    {
        this.session = session;
        synchronizer = new MySqlCloneSynchronizer(session);
    }

    public MySqlServerInfo Server => session.Server;

    private MySqlQuoter Quote => session.Quote;

    public async Task<bool> UserExistsAsync(string user, CancellationToken cancellationToken = default) =>
        (await GetHostsAsync(user, cancellationToken)).Count > 0;

    public async Task<IReadOnlyList<string>> GetHostsAsync(string user, CancellationToken cancellationToken = default)
    {
        MySqlUserNames.Validate(user, Server);

        // MariaDB keeps roles in mysql.user too, with an empty host.
        var notRole = Server.Flavor == MySqlFlavor.MariaDb && Server.SupportsRoles ? " AND is_role = 'N'" : "";
        var hosts = await session.QueryStringsAsync(
            $"listing the hosts of user '{user}'",
            $"SELECT Host FROM mysql.user WHERE {Quote.ColumnEquals("User", user)}{notRole}",
            cancellationToken);
        return hosts.Order(StringComparer.Ordinal).ToList();
    }

    public async Task<MySqlCloneReport> CloneUserAsync(string original, string clone, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var (originalHosts, cloneHosts) = await HostsOfPairAsync(original, clone, cancellationToken);
        var missing = originalHosts.Except(cloneHosts, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var accounts = missing.Select(host => $"{Quote.Account(clone, host)} IDENTIFIED BY {Quote.Literal(password)}");
            await session.ChangeAsync(
                $"creating user '{clone}' on {string.Join(", ", missing.Select(h => $"'{h}'"))}",
                [$"CREATE USER {string.Join(", ", accounts)}"],
                [password],
                cancellationToken);
        }

        return await synchronizer.SyncAsync(original, clone, originalHosts, [.. cloneHosts, .. missing], missing, cancellationToken);
    }

    public async Task<MySqlCloneReport> SyncCloneAsync(string original, string clone, CancellationToken cancellationToken = default)
    {
        var (originalHosts, cloneHosts) = await HostsOfPairAsync(original, clone, cancellationToken);
        var missing = originalHosts.Except(cloneHosts, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new MySqlTargetException(
                MySqlFailure.UserNotFound,
                $"clone '{clone}' has no account on {string.Join(", ", missing.Select(h => $"'{h}'"))} where '{original}' has one; "
                + "creating it needs a password (CloneUserAsync)");
        }

        return await synchronizer.SyncAsync(original, clone, originalHosts, cloneHosts, [], cancellationToken);
    }

    public async Task SetPasswordAsync(string user, string password, MySqlPasswordRetention retention = MySqlPasswordRetention.Replace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (retention == MySqlPasswordRetention.RetainCurrent)
        {
            RequireDualPasswords();
        }

        var hosts = await ExistingHostsAsync(user, cancellationToken);
        var operation = $"setting the password of user '{user}'";
        if (Server.PasswordsViaAlterUser)
        {
            // One statement for every host: MySQL applies it atomically.
            var retain = retention == MySqlPasswordRetention.RetainCurrent ? " RETAIN CURRENT PASSWORD" : "";
            var accounts = hosts.Select(host => $"{Quote.Account(user, host)} IDENTIFIED BY {Quote.Literal(password)}{retain}");
            await session.ChangeAsync(operation, [$"ALTER USER {string.Join(", ", accounts)}"], [password], cancellationToken);
            return;
        }

        // MariaDB: ALTER USER ... IDENTIFIED BY would switch the account to mysql_native_password; SET PASSWORD
        // hashes with the account's own plugin, one host at a time. One change: a cancellation between hosts would
        // leave the user with two passwords.
        await session.ChangeAsync(
            operation,
            [.. hosts.Select(host => $"SET PASSWORD FOR {Quote.Account(user, host)} = PASSWORD({Quote.Literal(password)})")],
            [password],
            cancellationToken);
    }

    public async Task DiscardOldPasswordAsync(string user, CancellationToken cancellationToken = default)
    {
        RequireDualPasswords();
        var hosts = await ExistingHostsAsync(user, cancellationToken);
        var accounts = hosts.Select(host => $"{Quote.Account(user, host)} DISCARD OLD PASSWORD");
        await session.ChangeAsync($"discarding the old password of user '{user}'", [$"ALTER USER {string.Join(", ", accounts)}"], null, cancellationToken);
    }

    public ValueTask DisposeAsync() => session.DisposeAsync();

    private async Task<(IReadOnlyList<string> Original, IReadOnlyList<string> Clone)> HostsOfPairAsync(string original, string clone, CancellationToken cancellationToken)
    {
        MySqlUserNames.Validate(original, Server);
        MySqlUserNames.Validate(clone, Server);
        if (string.Equals(original, clone, StringComparison.Ordinal))
        {
            throw new MySqlTargetException(MySqlFailure.InvalidUserName, $"user '{original}' cannot be its own clone");
        }

        return (await ExistingHostsAsync(original, cancellationToken), await GetHostsAsync(clone, cancellationToken));
    }

    private async Task<IReadOnlyList<string>> ExistingHostsAsync(string user, CancellationToken cancellationToken)
    {
        var hosts = await GetHostsAsync(user, cancellationToken);
        return hosts.Count > 0
            ? hosts
            : throw new MySqlTargetException(MySqlFailure.UserNotFound, $"user '{user}' has no account on any host");
    }

    private void RequireDualPasswords()
    {
        if (!Server.SupportsDualPasswords)
        {
            throw new MySqlTargetException(
                MySqlFailure.NotSupported,
                $"{Server.Flavor} {Server.Version} has no dual passwords (RETAIN CURRENT PASSWORD needs MySQL 8.0.14 or later)");
        }
    }
}
