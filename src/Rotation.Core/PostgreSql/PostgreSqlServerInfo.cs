namespace Rotator.Rotation.PostgreSql;

/// <summary>What a session learned about its server when it logged in.</summary>
/// <param name="VersionText">The server's <c>server_version</c>, e.g. <c>15.18 (Debian 15.18-0+deb12u1)</c>.</param>
/// <param name="Version">The version as a number.</param>
/// <param name="ServerEncoding">The server's <c>server_encoding</c>: names are measured in it.</param>
public sealed record PostgreSqlServerInfo(string VersionText, Version Version, string ServerEncoding)
{
    public override string ToString() => $"PostgreSQL {VersionText}";
}
