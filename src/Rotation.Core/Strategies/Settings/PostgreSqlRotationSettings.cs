using Rotator.Rotation.Abstractions;
using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Strategies.Settings;

/// <summary>What a resource says about its PostgreSQL rotation (<c>spec.rotation.postgresql</c>) plus the operator's CA bundle.</summary>
public sealed record PostgreSqlRotationSettings : StrategySettings
{
    /// <summary>Alternating users (a <c>_clone</c> twin) rather than single user.</summary>
    public bool Alternating { get; init; }

    /// <summary>Alternating users: the admin secret (name or ARN); default: the secret's <c>masterarn</c> field.</summary>
    public string? MasterSecretId { get; init; }

    /// <summary>TLS mode for every connection; null: the secret's <c>ssl</c> field (true = Required, false = Disabled, or a mode name), else Required.</summary>
    public DatabaseTlsMode? Tls { get; init; }

    /// <summary>PEM file of the CA that signs the database's certificate, for VerifyCA and VerifyFull; null: the process trust store.</summary>
    public string? CaFile { get; init; }

    public override string Strategy => Alternating ? StrategyNames.PostgreSqlAlternatingUsers : StrategyNames.PostgreSqlSingleUser;
}
