using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.PostgreSql;

/// <summary>Where a PostgreSQL server listens and how to reach it; carries no credentials.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="Database">The database to connect to (AWS's <c>dbname</c>, <c>postgres</c> by default).</param>
/// <param name="Tls">TLS mode.</param>
/// <param name="CaFile">PEM file of the CA that signs the server certificate, for VerifyCA and VerifyFull; null: the process trust store.</param>
public sealed record PostgreSqlEndpoint(
    string Host,
    int Port = PostgreSqlEndpoint.DefaultPort,
    string Database = PostgreSqlEndpoint.DefaultDatabase,
    DatabaseTlsMode Tls = DatabaseTlsMode.Required,
    string? CaFile = null)
{
    public const int DefaultPort = 5432;

    public const string DefaultDatabase = "postgres";

    /// <summary>How long to wait for the TCP connection, TLS and authentication.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one statement may run.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>host:port</c>, for messages.</summary>
    public string Server => $"{Host}:{Port}";
}
