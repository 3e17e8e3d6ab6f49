using MySql.Data.MySqlClient;

namespace Rotator.Rotation.MySql;

/// <summary>Builds MySql.Data connection strings; the only place that knows the driver's option names.</summary>
internal static class MySqlConnectionStrings
{
    /// <exception cref="MySqlTargetException">The endpoint asks for something this driver cannot do (<see cref="MySqlFailure.InvalidConfiguration"/>).</exception>
    public static string Build(MySqlEndpoint endpoint, MySqlCredentials credentials)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Host) || endpoint.Port is < 1 or > 65535)
        {
            throw Invalid("needs a host and a TCP port (1-65535)");
        }

        var builder = new MySqlConnectionStringBuilder
        {
            Server = endpoint.Host,
            Port = (uint)endpoint.Port,
            UserID = credentials.UserName,
            Password = credentials.Password,
            ConnectionTimeout = Seconds(endpoint.ConnectTimeout),
            DefaultCommandTimeout = Seconds(endpoint.CommandTimeout),

            // Without it the driver talks latin1 to MariaDB and turns every other character of a name or password
            // into '?' before the server sees it.
            CharacterSet = "utf8mb4",

            // A pooled connection would carry our session settings to the next user, or lose them on reset;
            // rotations open a handful of connections per hour.
            Pooling = false,

            // Nothing here sends two statements at once; refusing them makes any quoting mistake a syntax error.
            AllowBatch = false,

            // We never use the driver's parameters; an '@' in SQL must reach the server unchanged.
            AllowUserVariables = true,
        };
        if (!string.IsNullOrEmpty(endpoint.Database))
        {
            builder.Database = endpoint.Database;
        }

        switch (endpoint.Tls)
        {
            case MySqlTlsMode.Disabled:
                // The driver rejects any other TLS option with None. caching_sha2_password then needs the server's
                // RSA key to send the password; retrieving it is open to a man in the middle, as plain TCP is anyway.
                builder.SslMode = MySqlSslMode.None;
                builder.AllowPublicKeyRetrieval = true;
                break;
            case MySqlTlsMode.Preferred:
                // Used by the driver only if the server turns TLS down; over TLS the password travels encrypted.
                builder.SslMode = MySqlSslMode.Preferred;
                builder.AllowPublicKeyRetrieval = true;
                break;
            case MySqlTlsMode.Required:
                builder.SslMode = MySqlSslMode.Required;
                break;
            case MySqlTlsMode.VerifyCA:
                if (string.IsNullOrEmpty(endpoint.CaFile))
                {
                    throw Invalid("uses VerifyCA but names no CA file");
                }

                if (!File.Exists(endpoint.CaFile))
                {
                    throw Invalid($"uses VerifyCA with CA file {endpoint.CaFile}, which does not exist");
                }

                builder.SslMode = MySqlSslMode.VerifyCA;
                builder.SslCa = endpoint.CaFile;
                break;
            case MySqlTlsMode.VerifyFull:
                // MySql.Data 8.0.16 with VerifyFull and SslCa demands a client certificate, and without SslCa it
                // accepts only chains the process trust store vouches for.
                if (!string.IsNullOrEmpty(endpoint.CaFile))
                {
                    throw Invalid("uses VerifyFull with a CA file, which MySql.Data 8.0.16 cannot do: add the CA to the process "
                        + "trust store (SSL_CERT_FILE / SSL_CERT_DIR) and drop the CA file, or use VerifyCA");
                }

                builder.SslMode = MySqlSslMode.VerifyFull;
                break;
            default:
                throw Invalid($"has an unknown TLS mode {endpoint.Tls}");
        }

        return builder.ConnectionString;
    }

    private static uint Seconds(TimeSpan timeout) => (uint)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 3600);

    private static MySqlTargetException Invalid(string what) =>
        new(MySqlFailure.InvalidConfiguration, $"the MySQL endpoint {what}");
}
