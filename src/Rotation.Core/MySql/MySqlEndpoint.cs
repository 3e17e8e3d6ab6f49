using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.MySql;

/// <summary>Where a MySQL-protocol server listens and how to reach it; carries no credentials.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="Database">Default schema of the session, or null for none.</param>
/// <param name="Tls">TLS mode; <see cref="DatabaseTlsMode.Required"/> unless the resource says otherwise.</param>
/// <param name="CaFile">PEM file of the CA that signs the server certificate; used by <see cref="DatabaseTlsMode.VerifyCA"/> (required) and
/// <see cref="DatabaseTlsMode.VerifyFull"/> (instead of the process trust store).</param>
public sealed record MySqlEndpoint(
    string Host,
    int Port = MySqlEndpoint.DefaultPort,
    string? Database = null,
    DatabaseTlsMode Tls = DatabaseTlsMode.Required,
    string? CaFile = null)
{
    public const int DefaultPort = 3306;

    /// <summary>How long to wait for the TCP connection and the handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one statement may run.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
