namespace Rotator.Api;

/// <summary>MySQL strategy settings.</summary>
public sealed record MySqlSpec
{
    /// <summary>Admin secret (name or ARN) for alternating users; default: the secret's `masterarn` field. Subject to the namespace's tenancy policy.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(2048)]
    public string? MasterSecretId { get; init; }

    /// <summary>TLS towards the database (default Required for new resources).</summary>
    public TlsMode? Tls { get; init; }

    /// <summary>Single user on MySQL >= 8.0.14: keep the old password valid until consumers rolled out, then discard it.</summary>
    public bool? DualPassword { get; init; }
}
