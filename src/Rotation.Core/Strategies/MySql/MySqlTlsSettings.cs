using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Strategies.MySql;

/// <summary>The resource's TLS choice for MySQL connections: it overrides the secret's <c>ssl</c> field when set.</summary>
/// <param name="Mode">The mode from the resource, or null to let the secret's <c>ssl</c> field (then Required) decide.</param>
/// <param name="CaFile">The CA file for VerifyCA (required) and VerifyFull (instead of the process trust store), or null.</param>
internal sealed record MySqlTlsSettings(MySqlTlsMode? Mode, string? CaFile)
{
    /// <exception cref="RotationRefusedException"><see cref="MySqlRotationReasons.InvalidSettings"/>.</exception>
    public static MySqlTlsSettings From(RotationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        MySqlTlsMode? mode = null;
        if (!string.IsNullOrWhiteSpace(settings.MySqlTls))
        {
            try
            {
                mode = MySqlSecret.ParseTlsMode(settings.MySqlTls.Trim());
            }
            catch (FormatException e)
            {
                throw new RotationRefusedException($"the resource's MySQL TLS setting is not valid: {e.Message}")
                {
                    Reason = MySqlRotationReasons.InvalidSettings,
                };
            }
        }

        var caFile = string.IsNullOrWhiteSpace(settings.MySqlCaFile) ? null : settings.MySqlCaFile;
        if (mode == MySqlTlsMode.VerifyCA && caFile is null)
        {
            throw new RotationRefusedException("the resource asks for MySQL TLS mode VerifyCA but no CA file is configured (the operator's --mysql-ca-file)")
            {
                Reason = MySqlRotationReasons.InvalidSettings,
            };
        }

        return new MySqlTlsSettings(mode, caFile);
    }
}
