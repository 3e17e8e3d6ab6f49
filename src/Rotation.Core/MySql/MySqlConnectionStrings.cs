using MySqlConnector;
using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.MySql;

/// <summary>Builds MySqlConnector connection strings; the only place that knows the driver's option names.</summary>
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

            // A pooled connection would carry our session settings to the next user, or lose them on reset;
            // rotations open a handful of connections per hour.
            Pooling = false,

            // We never use the driver's parameters; an '@' in SQL (user@host) must reach the server unchanged
            // instead of being taken for an undefined parameter.
            AllowUserVariables = true,
        };
        if (!string.IsNullOrEmpty(endpoint.Database))
        {
            builder.Database = endpoint.Database;
        }

        switch (endpoint.Tls)
        {
            case DatabaseTlsMode.Disabled:
                // caching_sha2_password then needs the server's RSA key to send the password; retrieving it is open to a
                // man in the middle, as plain TCP is anyway.
                builder.SslMode = MySqlSslMode.None;
                builder.AllowPublicKeyRetrieval = true;
                break;
            case DatabaseTlsMode.Preferred:
                // Used by the driver only if the server turns TLS down; over TLS the password travels encrypted.
                builder.SslMode = MySqlSslMode.Preferred;
                builder.AllowPublicKeyRetrieval = true;
                break;
            case DatabaseTlsMode.Required:
                builder.SslMode = MySqlSslMode.Required;
                break;
            case DatabaseTlsMode.VerifyCA:
                if (string.IsNullOrEmpty(endpoint.CaFile))
                {
                    throw Invalid("uses VerifyCA but names no CA file");
                }

                builder.SslMode = MySqlSslMode.VerifyCA;
                builder.SslCa = RequireCaFile(endpoint, "VerifyCA");
                break;
            case DatabaseTlsMode.VerifyFull:
                // The chain is checked against the CA file when the operator has one, else against the process trust
                // store; the host name is checked either way. Revocation is not: database certificates mostly come
                // from private CAs without a CRL or OCSP responder, which an online check reports as "revocation
                // status unknown" and refuses (the driver already skips it for a CA file).
                builder.SslMode = MySqlSslMode.VerifyFull;
                builder.SkipCertificateRevocationCheck = true;
                if (!string.IsNullOrEmpty(endpoint.CaFile))
                {
                    builder.SslCa = RequireCaFile(endpoint, "VerifyFull");
                }

                break;
            default:
                throw Invalid($"has an unknown TLS mode {endpoint.Tls}");
        }

        return builder.ConnectionString;
    }

    private static string RequireCaFile(MySqlEndpoint endpoint, string mode) =>
        File.Exists(endpoint.CaFile)
            ? endpoint.CaFile
            : throw Invalid($"uses {mode} with CA file {endpoint.CaFile}, which does not exist");

    private static uint Seconds(TimeSpan timeout) => (uint)Math.Clamp(Math.Ceiling(timeout.TotalSeconds), 1, 3600);

    private static MySqlTargetException Invalid(string what) =>
        new(MySqlFailure.InvalidConfiguration, $"the MySQL endpoint {what}");
}
