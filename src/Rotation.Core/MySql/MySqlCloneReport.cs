namespace Rotator.Rotation.MySql;

/// <summary>What <see cref="IMySqlAdminSession.CloneUserAsync"/> or <see cref="IMySqlAdminSession.SyncCloneAsync"/> changed.</summary>
/// <param name="CreatedHosts">Hosts on which a clone account was created.</param>
/// <param name="Granted">Grants added, as <c>host: SELECT ON `db`.*</c>.</param>
/// <param name="Revoked">Grants taken away because the original does not hold them.</param>
/// <param name="OrphanHosts">Hosts where the clone has an account and the original has none (grants removed, account kept).</param>
public sealed record MySqlCloneReport(
    IReadOnlyList<string> CreatedHosts,
    IReadOnlyList<string> Granted,
    IReadOnlyList<string> Revoked,
    IReadOnlyList<string> OrphanHosts)
{
    public bool Changed => CreatedHosts.Count > 0 || Granted.Count > 0 || Revoked.Count > 0;
}
