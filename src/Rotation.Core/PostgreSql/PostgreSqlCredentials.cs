namespace Rotator.Rotation.PostgreSql;

/// <summary>A PostgreSQL role name and its password. <see cref="ToString"/> never shows the password.</summary>
/// <param name="UserName">The role, exactly as stored (PostgreSQL compares role names byte for byte).</param>
/// <param name="Password">The password, in clear.</param>
public sealed record PostgreSqlCredentials(string UserName, string Password)
{
    // Records print every property by default; this one ends up in logs and assertion messages.
    public override string ToString() => $"PostgreSqlCredentials {{ UserName = {UserName}, Password = *** }}";
}
