namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// An administrator's session (a role with CREATEROLE, or a superuser): roles, their clones and passwords. Role names are
/// checked (63 bytes, server encoding) before any statement is sent. Not thread-safe: one caller at a time.
/// </summary>
public interface IPostgreSqlAdminSession : IAsyncDisposable
{
    PostgreSqlServerInfo Server { get; }

    /// <summary>The role this session acts as (<c>current_user</c>) and its attributes.</summary>
    Task<PostgreSqlRole> GetCurrentRoleAsync(CancellationToken cancellationToken = default);

    /// <summary>The role's attributes; null when there is no such role.</summary>
    Task<PostgreSqlRole?> GetRoleAsync(string role, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="member"/> is a member of <paramref name="role"/>, directly or not (<c>pg_has_role(..., 'MEMBER')</c>).</summary>
    Task<bool> IsMemberOfAsync(string member, string role, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="clone"/> a login role that stands in for <paramref name="original"/>, in one transaction:
    /// created with <paramref name="password"/> when missing (else given it), the original's INHERIT, CONNECTION LIMIT and
    /// VALID UNTIL, its role memberships (with their admin option), its database CONNECT grants, its per-role settings, and
    /// membership in the original; its sessions act as the role the original's act as (<c>SET role</c>), so every object
    /// either creates has one owner. Nothing the clone holds is taken away: what it has beyond the original is reported.
    /// </summary>
    Task<PostgreSqlCloneReport> CloneRoleAsync(string original, string clone, string password, CancellationToken cancellationToken = default);

    /// <summary>Sets the role's password (a verifier, see <see cref="PostgreSqlPasswordEncoding"/>).</summary>
    Task<PostgreSqlPasswordEncoding> SetPasswordAsync(string role, string password, CancellationToken cancellationToken = default);
}
