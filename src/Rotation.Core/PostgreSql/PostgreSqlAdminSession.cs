namespace Rotator.Rotation.PostgreSql;

/// <summary>The administrator operations of <see cref="IPostgreSqlAdminSession"/> over one <see cref="PostgreSqlSession"/>.</summary>
internal sealed class PostgreSqlAdminSession(PostgreSqlSession session) : IPostgreSqlAdminSession
{
    public PostgreSqlServerInfo Server => session.Server;

    public async Task<PostgreSqlRole> GetCurrentRoleAsync(CancellationToken cancellationToken = default) =>
        await session.ScalarAsync(
            "reading the attributes of the current role",
            $"SELECT {PostgreSqlRole.SelectList} FROM pg_roles WHERE rolname = current_user",
            [],
            ReadRole,
            cancellationToken);

    public async Task<PostgreSqlRole?> GetRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        Validate(role);
        var rows = await session.QueryAsync(
            $"reading the attributes of role '{role}'",
            $"SELECT {PostgreSqlRole.SelectList} FROM pg_roles WHERE rolname = $1",
            [role],
            ReadRole,
            cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<bool> IsMemberOfAsync(string member, string role, CancellationToken cancellationToken = default)
    {
        Validate(member);
        Validate(role);
        return await session.ScalarAsync(
            $"checking whether '{member}' is a member of '{role}'",
            "SELECT EXISTS (SELECT 1 FROM pg_roles m, pg_roles r WHERE m.rolname = $1 AND r.rolname = $2 AND pg_has_role(m.oid, r.oid, 'MEMBER'))",
            [member, role],
            r => r.GetBoolean(0),
            cancellationToken);
    }

    public Task<PostgreSqlCloneReport> CloneRoleAsync(string original, string clone, string password, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        Validate(original);
        Validate(clone);
        if (string.Equals(original, clone, StringComparison.Ordinal))
        {
            throw new PostgreSqlTargetException(PostgreSqlFailure.InvalidName, $"role '{original}' cannot be its own clone");
        }

        return session.InTransactionAsync(
            $"cloning role '{original}' onto '{clone}'",
            () => new PostgreSqlCloneSynchronizer(session, this).SyncAsync(original, clone, password, cancellationToken),
            cancellationToken);
    }

    public Task<PostgreSqlPasswordEncoding> SetPasswordAsync(string role, string password, CancellationToken cancellationToken = default) =>
        session.SetPasswordAsync(role, password, cancellationToken);

    public ValueTask DisposeAsync() => session.DisposeAsync();

    private static PostgreSqlRole ReadRole(System.Data.Common.DbDataReader r) => new(
        r.GetString(0),
        r.GetBoolean(1),
        r.GetBoolean(2),
        r.GetBoolean(3),
        r.GetBoolean(4),
        r.GetBoolean(5),
        r.GetBoolean(6),
        r.GetBoolean(7),
        r.GetInt32(8),
        r.IsDBNull(9) ? null : r.GetString(9));

    private void Validate(string role) => PostgreSqlNames.Validate(role, "role", Server.ServerEncoding);
}
