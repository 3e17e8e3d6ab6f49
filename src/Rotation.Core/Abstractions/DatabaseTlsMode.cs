namespace Rotator.Rotation.Abstractions;

/// <summary>
/// How a connection to a database (MySQL protocol or PostgreSQL) uses TLS. One enum for both engines because the CRD has
/// one (<c>TlsMode</c>) and the meanings are libpq's <c>sslmode</c> names, which MySQL's <c>--ssl-mode</c> shares.
/// </summary>
public enum DatabaseTlsMode
{
    /// <summary>
    /// Plain TCP. MySQL's caching_sha2_password then fetches the server's RSA key, which a man in the middle can replace;
    /// PostgreSQL's SCRAM still never sends the password, but everything else travels in clear.
    /// </summary>
    Disabled,

    /// <summary>TLS when the server offers it, plain otherwise (what AWS's rotation templates do); the certificate is not checked.</summary>
    Preferred,

    /// <summary>TLS or no connection; the certificate is not checked. The default.</summary>
    Required,

    /// <summary>TLS with the server certificate chained to the operator's CA file; the host name is not checked.</summary>
    VerifyCA,

    /// <summary>TLS with the certificate chain and host name checked: against the CA file when one is configured, else the process trust store.</summary>
    VerifyFull,
}
