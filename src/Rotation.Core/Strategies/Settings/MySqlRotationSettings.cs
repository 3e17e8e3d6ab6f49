using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Strategies.Settings;

/// <summary>What a resource says about its MySQL rotation (<c>spec.rotation.mysql</c>) plus the operator's CA bundle.</summary>
public sealed record MySqlRotationSettings : StrategySettings
{
    /// <summary>Alternating users (a <c>_clone</c> twin) rather than single user.</summary>
    public bool Alternating { get; init; }

    /// <summary>Alternating users: the admin secret (name or ARN); default: the secret's <c>masterarn</c> field.</summary>
    public string? MasterSecretId { get; init; }

    /// <summary>TLS mode for every connection; null: the secret's <c>ssl</c> field, else Required.</summary>
    public DatabaseTlsMode? Tls { get; init; }

    /// <summary>PEM file of the CA that signs the database's certificate (VerifyCA; VerifyFull instead of the process trust store).</summary>
    public string? CaFile { get; init; }

    /// <summary>Single user on MySQL &gt;= 8.0.14: keep the old password valid until consumers rolled out.</summary>
    public bool DualPassword { get; init; }

    public override string Strategy => Alternating ? StrategyNames.MySqlAlternatingUsers : StrategyNames.MySqlSingleUser;
}
