namespace Rotator.Rotation.MySql;

/// <summary>
/// An administrator's session on one server: user accounts across all their hosts, clones that keep the original's
/// grants, and passwords. User names are checked against the server's rules (<see cref="MySqlFailure.InvalidUserName"/>)
/// before any statement is sent. Not thread-safe: one caller at a time.
/// </summary>
public interface IMySqlAdminSession : IAsyncDisposable
{
    /// <summary>The server this session talks to and what it can do.</summary>
    MySqlServerInfo Server { get; }

    /// <summary>Whether the user has an account on any host.</summary>
    Task<bool> UserExistsAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>The hosts the user has accounts on (<c>'user'@'host'</c>), sorted; empty when none.</summary>
    Task<IReadOnlyList<string>> GetHostsAsync(string user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="clone"/> a twin of <paramref name="original"/>: an account on each of the original's hosts
    /// (new ones get <paramref name="password"/> and the server's default authentication plugin; existing ones keep
    /// theirs), then everything <see cref="SyncCloneAsync"/> copies.
    /// </summary>
    Task<MySqlCloneReport> CloneUserAsync(string original, string clone, string password, CancellationToken cancellationToken = default);

    /// <summary>
    /// Brings an existing clone in line with the original, host by host: TLS requirements (REQUIRE) and resource
    /// limits, every privilege (with its grant option), dynamic privileges, roles and default roles; and revokes what
    /// the clone holds but the original no longer does, so the pair never drifts. A clone account on a host the original
    /// lacks loses all its grants but is not dropped. Fails with <see cref="MySqlFailure.UserNotFound"/> when the clone
    /// lacks an account on one of the original's hosts (creating one needs a password: <see cref="CloneUserAsync"/>).
    /// </summary>
    Task<MySqlCloneReport> SyncCloneAsync(string original, string clone, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the password of the user's accounts on every host. MariaDB keeps each account's authentication plugin.
    /// <see cref="MySqlPasswordRetention.RetainCurrent"/> needs dual passwords (<see cref="MySqlServerInfo.SupportsDualPasswords"/>).
    /// </summary>
    Task SetPasswordAsync(string user, string password, MySqlPasswordRetention retention = MySqlPasswordRetention.Replace, CancellationToken cancellationToken = default);

    /// <summary>Drops the secondary (retained) password of the user's accounts on every host. MySQL 8.0.14+ only.</summary>
    Task DiscardOldPasswordAsync(string user, CancellationToken cancellationToken = default);
}
