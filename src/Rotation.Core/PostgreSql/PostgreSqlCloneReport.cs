namespace Rotator.Rotation.PostgreSql;

/// <summary>What <see cref="IPostgreSqlAdminSession.CloneRoleAsync"/> did and found. Names only, never a setting's value.</summary>
/// <param name="Created">Whether the clone role was created by this call.</param>
/// <param name="Owner">The role the clone's sessions act as (<c>ALTER ROLE clone SET role</c>), so it owns what they create.</param>
/// <param name="Changed">What this call changed besides the password, e.g. <c>CONNECTION LIMIT 20</c>, <c>member of app_read</c>.</param>
/// <param name="Beyond">What the clone has that the original has not (left in place, for a person to judge), e.g. <c>CREATEDB</c>, <c>owns 3 objects</c>.</param>
/// <param name="NotCopied">What the original has that the admin may not give the clone (e.g. a setting only a superuser may set), with the server's reason.</param>
/// <param name="Encoding">How the clone's password reached the server.</param>
public sealed record PostgreSqlCloneReport(
    bool Created,
    string Owner,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Beyond,
    IReadOnlyList<string> NotCopied,
    PostgreSqlPasswordEncoding Encoding);
