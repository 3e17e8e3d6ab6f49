namespace Rotator.Api;

/// <summary>PostgreSQL strategy settings.</summary>
public sealed record PostgreSqlSpec
{
    /// <summary>Admin secret (name or ARN) for alternating users; default: the secret's `masterarn` field. Subject to the namespace's tenancy policy. The admin needs CREATEROLE.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(2048)]
    public string? MasterSecretId { get; init; }

    /// <summary>TLS towards the database, as libpq's sslmode (default: the secret's `ssl` field, else Required). VerifyCA and VerifyFull use the operator's PostgreSQL CA bundle, else the system trust store.</summary>
    public TlsMode? Tls { get; init; }
}
