using Npgsql;
using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.PostgreSql;

/// <summary>Builds Npgsql connection strings; the only place that knows the driver's option names.</summary>
internal static class PostgreSqlConnectionStrings
{
    /// <exception cref="PostgreSqlTargetException">The endpoint cannot be used (<see cref="PostgreSqlFailure.InvalidConfiguration"/>).</exception>
    public static string Build(PostgreSqlEndpoint endpoint, PostgreSqlCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        if (string.IsNullOrWhiteSpace(endpoint.Host) || endpoint.Port is < 1 or > 65535)
        {
            throw Invalid(endpoint, "needs a host and a TCP port (1-65535)");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Database = endpoint.Database,
            Username = credentials.UserName,
            Password = credentials.Password,
            Timeout = Seconds(endpoint.ConnectTimeout),
            CommandTimeout = Seconds(endpoint.CommandTimeout),
            ApplicationName = "rotator",

            // Rotations open a handful of connections per hour; a pool would keep the old password's sessions alive.
            Pooling = false,

            // Error details can quote values; the adapter builds its own messages anyway.
            IncludeErrorDetail = false,

            // No Kerberos here: skip the GSS encryption request that would come first otherwise.
            GssEncryptionMode = GssEncryptionMode.Disable,
        };

        switch (endpoint.Tls)
        {
            case DatabaseTlsMode.Disabled:
                builder.SslMode = SslMode.Disable;
                break;
            case DatabaseTlsMode.Preferred:
                builder.SslMode = SslMode.Prefer;
                break;
            case DatabaseTlsMode.Required:
                builder.SslMode = SslMode.Require;
                break;
            case DatabaseTlsMode.VerifyCA:
            case DatabaseTlsMode.VerifyFull:
                builder.SslMode = endpoint.Tls == DatabaseTlsMode.VerifyCA ? SslMode.VerifyCA : SslMode.VerifyFull;
                if (!string.IsNullOrEmpty(endpoint.CaFile))
                {
                    if (!File.Exists(endpoint.CaFile))
                    {
                        throw Invalid(endpoint, $"uses {endpoint.Tls} with CA file {endpoint.CaFile}, which does not exist");
                    }

                    builder.RootCertificate = endpoint.CaFile;
                }

                break;
            default:
                throw Invalid(endpoint, $"has an unknown TLS mode {endpoint.Tls}");
        }

        return builder.ConnectionString;
    }

    private static int Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    private static PostgreSqlTargetException Invalid(PostgreSqlEndpoint endpoint, string why) =>
        new(PostgreSqlFailure.InvalidConfiguration, $"the PostgreSQL endpoint {endpoint.Server} {why}");
}
