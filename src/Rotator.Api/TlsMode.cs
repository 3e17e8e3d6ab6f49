namespace Rotator.Api;

/// <summary>TLS towards the target (<c>mysql.tls</c>, <c>postgresql.tls</c>, <c>directoryService.verify.tls</c>): as libpq's sslmode and MySQL's ssl-mode. Disabled: plain; Preferred: TLS when the server offers it; Required: TLS, any certificate; VerifyCA: TLS with a certificate from the operator's CA bundle; VerifyFull: VerifyCA plus the host name. LDAP takes VerifyFull or Disabled.</summary>
public enum TlsMode
{
    Disabled,
    Preferred,
    Required,
    VerifyCA,
    VerifyFull,
}
