using Rotator.Operator.Resources;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Strategies.PostgreSql;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Turns a resource's <c>spec.rotation</c> into the settings record of its strategy (Rotation.Core's types, which know
/// nothing of the CRD). Null for strategies the operator does not drive itself (AwsManaged, None).
/// </summary>
public static class StrategySettingsMapper
{
    public static StrategySettings? From(RotationSpec rotation, DatabaseCaFiles caFiles)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        ArgumentNullException.ThrowIfNull(caFiles);
        return rotation.Strategy switch
        {
            RotationStrategy.MySQLSingleUser or RotationStrategy.MySQLAlternatingUsers => new MySqlRotationSettings
            {
                Alternating = rotation.Strategy.AlternatesUsers(),
                MasterSecretId = rotation.Mysql?.MasterSecretId,
                Tls = Tls<MySqlTlsMode>(rotation.Mysql?.Tls),
                CaFile = caFiles.MySql,
                DualPassword = rotation.Mysql?.DualPassword ?? false,
            },
            RotationStrategy.PostgreSQLSingleUser or RotationStrategy.PostgreSQLAlternatingUsers => new PostgreSqlRotationSettings
            {
                Alternating = rotation.Strategy.AlternatesUsers(),
                MasterSecretId = rotation.Postgresql?.MasterSecretId,
                Tls = Tls<PostgreSqlTlsMode>(rotation.Postgresql?.Tls),
                CaFile = caFiles.PostgreSql,
            },
            RotationStrategy.DirectoryServiceAdmin => new DirectoryServiceRotationSettings
            {
                DirectoryId = rotation.DirectoryService?.DirectoryId,
                VerifyUrls = rotation.DirectoryService?.Verify?.Url is { } url ? [url] : null,
                BindDn = rotation.DirectoryService?.Verify?.BindDn,
            },
            RotationStrategy.RandomValue => new RandomValueSettings { Field = rotation.RandomValue?.Field, BinaryLength = rotation.RandomValue?.BinaryLength },
            _ => null,
        };
    }

    // The API's TlsMode and each driver layer's mode share their names on purpose (they mirror MySQL's ssl-mode and
    // libpq's sslmode); Rotation.Core keeps its own enums because it must not reference the CRD types.
    private static T? Tls<T>(TlsMode? mode)
        where T : struct, Enum => mode is { } m ? Enum.Parse<T>(m.ToString()) : null;
}
