namespace Rotator.Rotation.MySql;

/// <summary>How a connection to a MySQL-protocol server uses TLS.</summary>
public enum MySqlTlsMode
{
    /// <summary>Plain TCP. caching_sha2_password then fetches the server's RSA key, which a man in the middle can replace.</summary>
    Disabled,

    /// <summary>TLS when the server offers it, plain otherwise (what AWS's rotation templates do); the certificate is not checked.</summary>
    Preferred,

    /// <summary>TLS or no connection; the certificate is not checked. The default for new resources.</summary>
    Required,

    /// <summary>TLS with the server certificate checked against a CA PEM file (<see cref="MySqlEndpoint.CaFile"/>); the host name is not checked.</summary>
    VerifyCA,

    /// <summary>
    /// TLS with the certificate chain and host name checked: against the CA PEM file when one is configured
    /// (<see cref="MySqlEndpoint.CaFile"/>), else against the process trust store.
    /// </summary>
    VerifyFull,
}
