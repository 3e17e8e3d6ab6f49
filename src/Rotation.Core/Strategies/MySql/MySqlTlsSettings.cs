using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>The resource's TLS choice for MySQL connections: it overrides the secret's <c>ssl</c> field when set.</summary>
/// <param name="Mode">The mode from the resource, or null to let the secret's <c>ssl</c> field (then Required) decide.</param>
/// <param name="CaFile">The CA file for VerifyCA (required) and VerifyFull (instead of the process trust store), or null.</param>
internal sealed record MySqlTlsSettings(DatabaseTlsMode? Mode, string? CaFile)
{
    /// <exception cref="RotationRefusedException"><see cref="MySqlRotationReasons.InvalidSettings"/>.</exception>
    public static MySqlTlsSettings From(MySqlRotationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var caFile = string.IsNullOrWhiteSpace(settings.CaFile) ? null : settings.CaFile;
        if (settings.Tls == DatabaseTlsMode.VerifyCA && caFile is null)
        {
            throw new RotationRefusedException("the resource asks for MySQL TLS mode VerifyCA but no CA file is configured (the operator's --mysql-ca-file)")
            {
                Reason = MySqlRotationReasons.InvalidSettings,
            };
        }

        return new MySqlTlsSettings(settings.Tls, caFile);
    }
}
