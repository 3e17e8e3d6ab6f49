namespace Rotator.Rotation.PostgreSql;

/// <summary>The outcome of logging in and running <c>SELECT 1</c>: the server that answered, or why it did not work.</summary>
/// <param name="Server">The server, when the login worked.</param>
/// <param name="Error">Why it did not; its message holds no password.</param>
public sealed record PostgreSqlProbe(PostgreSqlServerInfo? Server, PostgreSqlTargetException? Error)
{
    public bool IsOk => Error is null;

    public static PostgreSqlProbe Ok(PostgreSqlServerInfo server) => new(server, null);

    public static PostgreSqlProbe Failed(PostgreSqlTargetException error) => new(null, error);
}
