namespace Rotator.Rotation.PostgreSql;

/// <summary>How a connection to PostgreSQL uses TLS; the names and meanings of libpq's <c>sslmode</c>.</summary>
public enum PostgreSqlTlsMode
{
    /// <summary>Plain TCP (<c>disable</c>). SCRAM still never sends the password, but everything else travels in clear.</summary>
    Disabled,

    /// <summary>TLS when the server offers it, plain otherwise (<c>prefer</c>, what AWS's templates fall back to); the certificate is not checked.</summary>
    Preferred,

    /// <summary>TLS or no connection; the certificate is not checked (<c>require</c>). The default.</summary>
    Required,

    /// <summary>TLS with the server certificate chained to the CA file (or the process trust store without one); the host name is not checked (<c>verify-ca</c>).</summary>
    VerifyCA,

    /// <summary>TLS with the certificate chained to the CA file (or the process trust store) and naming the host (<c>verify-full</c>).</summary>
    VerifyFull,
}
