namespace Rotator.Rotation.MySql;

/// <summary>A MySQL user name and its password. <see cref="ToString"/> never shows the password.</summary>
/// <param name="UserName">The account's user name (any host).</param>
/// <param name="Password">The password, in clear.</param>
public sealed record MySqlCredentials(string UserName, string Password)
{
    // Records print every property by default; this one ends up in logs and assertion messages.
    public override string ToString() => $"MySqlCredentials {{ UserName = {UserName}, Password = *** }}";
}
