using Microsoft.Extensions.Logging;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.MySql;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Strategies.MySql;
using Rotator.Rotation.Strategies.PostgreSql;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Rotation.Strategies;

/// <summary>
/// The one place that knows which class implements which strategy and what it is built from, so the operator hands
/// over settings and gets a strategy without referencing a database driver, LDAP or Directory Service.
/// </summary>
public sealed class StrategyCatalog(IMySqlTarget mysql, IPostgreSqlTarget postgres, IAwsClients aws, ILdapVerifier ldap, ILoggerFactory loggers) : IStrategyCatalog
{
    public IRotationStrategy Create(StrategySettings settings, AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scope);
        return settings switch
        {
            MySqlRotationSettings { Alternating: true } s => new MySqlAlternatingUsersStrategy(mysql, s, loggers.CreateLogger<MySqlAlternatingUsersStrategy>()),
            MySqlRotationSettings s => new MySqlSingleUserStrategy(mysql, s, loggers.CreateLogger<MySqlSingleUserStrategy>()),
            PostgreSqlRotationSettings { Alternating: true } s => new PostgreSqlAlternatingUsersStrategy(postgres, s, loggers.CreateLogger<PostgreSqlAlternatingUsersStrategy>()),
            PostgreSqlRotationSettings s => new PostgreSqlSingleUserStrategy(postgres, s, loggers.CreateLogger<PostgreSqlSingleUserStrategy>()),
            DirectoryServiceRotationSettings s => new DirectoryServiceAdminStrategy(aws.DirectoryService(scope), ldap, null, loggers.CreateLogger<DirectoryServiceAdminStrategy>(), s),
            RandomValueSettings s => new RandomValueStrategy(s),
            _ => throw new ArgumentException($"no strategy is built from {settings.GetType().Name}", nameof(settings)),
        };
    }
}
