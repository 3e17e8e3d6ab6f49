using Rotator.Api;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Turns a resource's <c>spec.rotation</c> into the settings record of its strategy (Rotation.Core's types, which know
/// nothing of the CRD). Null for strategies the operator does not drive itself (AwsManaged, None).
/// </summary>
public static class StrategySettingsMapper
{
    public static StrategySettings? From(RotationSpec rotation, OperatorCaFiles caFiles)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(caFiles);
        return rotation.Strategy switch
        {
            RotationStrategy.MySQLSingleUser or RotationStrategy.MySQLAlternatingUsers => new MySqlRotationSettings
            {
                Alternating = rotation.Strategy.AlternatesUsers(),
                MasterSecretId = rotation.Mysql?.MasterSecretId,
                Tls = Tls(rotation.Mysql?.Tls),
                CaFile = caFiles.MySql,
                DualPassword = rotation.Mysql?.DualPassword ?? false,
            },
            RotationStrategy.PostgreSQLSingleUser or RotationStrategy.PostgreSQLAlternatingUsers => new PostgreSqlRotationSettings
            {
                Alternating = rotation.Strategy.AlternatesUsers(),
                MasterSecretId = rotation.Postgresql?.MasterSecretId,
                Tls = Tls(rotation.Postgresql?.Tls),
                CaFile = caFiles.PostgreSql,
            },
            RotationStrategy.DirectoryServiceAdmin => new DirectoryServiceRotationSettings
            {
                DirectoryId = rotation.DirectoryService?.DirectoryId,
                VerifyUrls = rotation.DirectoryService?.Verify?.Url is { } url ? [url] : null,
                BindDn = rotation.DirectoryService?.Verify?.BindDn,
                PlainLdap = rotation.DirectoryService?.Verify?.Tls == TlsMode.Disabled,
                CaFile = caFiles.Ldap,
            },
            RotationStrategy.RandomValue => new RandomValueSettings { Field = rotation.RandomValue?.Field, BinaryLength = rotation.RandomValue?.BinaryLength },
            _ => null,
        };
    }

    // The API's TlsMode and Rotation.Core's DatabaseTlsMode share their names on purpose (libpq's sslmode, which MySQL's
    // ssl-mode shares); Rotation.Core keeps its own enum because it must not reference the CRD types.
    private static DatabaseTlsMode? Tls(TlsMode? mode) => mode is { } m ? Enum.Parse<DatabaseTlsMode>(m.ToString()) : null;
}
