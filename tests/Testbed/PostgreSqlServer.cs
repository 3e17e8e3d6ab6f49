namespace Rotator.Testbed;

/// <summary>The test bed's PostgreSQL: TLS from the test bed's CA, SCRAM over TCP, every statement in <see cref="LogFile"/>.</summary>
/// <param name="Host">127.0.0.1; the certificate also names localhost.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="AdminUser">A superuser.</param>
/// <param name="AdminPassword">Its password.</param>
/// <param name="CaFile">PEM file of the CA that signed the server certificate.</param>
/// <param name="LogFile">The server log: <c>log_statement = 'all'</c> puts every statement there.</param>
/// <param name="Md5Group">A role whose members may log in with md5 authentication (everyone else needs SCRAM).</param>
public sealed record PostgreSqlServer(string Host, int Port, string AdminUser, string AdminPassword, string CaFile, string LogFile, string Md5Group)
{
    // The password stays out of assertion messages and test output.
    public override string ToString() => $"PostgreSqlServer {{ {Host}:{Port}, AdminUser = {AdminUser}, AdminPassword = ***, LogFile = {LogFile} }}";
}
