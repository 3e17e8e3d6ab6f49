namespace Rotator.Benchmarks;

/// <summary>The database server and its admin login; the password is never logged or printed.</summary>
/// <param name="Host">Host name or address, as the operator reaches it too.</param>
/// <param name="Port">TCP port.</param>
/// <param name="User">Admin login: creates the users, and rotations use it (as <c>masterarn</c>) to make the clones.</param>
/// <param name="Password">Its password.</param>
/// <param name="CaFile">PEM of the CA that signs the server's certificate; the benchmark's own connections then verify it.</param>
public sealed record MySqlAdmin(string Host, int Port, string User, string Password, string? CaFile = null)
{
    /// <summary>Keeps the password out of logs and exception messages that format the record.</summary>
    public override string ToString() => $"{User}@{Host}:{Port}";
}
