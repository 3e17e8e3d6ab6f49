using Microsoft.Extensions.Logging;
using Rotator.Operator.Resources;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.MySql;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Strategies.MySql;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Creates strategies over the operator's shared targets (MySQL connections, LDAP, Directory Service).</summary>
public sealed class StrategyFactory(IMySqlTarget mysql, IAwsClients aws, ILdapVerifier ldap, ILoggerFactory loggers) : IStrategyFactory
{
    public IRotationStrategy Create(ResolvedSpec spec, AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Strategy switch
        {
            RotationStrategy.MySQLSingleUser => new MySqlSingleUserStrategy(mysql, loggers.CreateLogger<MySqlSingleUserStrategy>()),
            RotationStrategy.MySQLAlternatingUsers => new MySqlAlternatingUsersStrategy(mysql, loggers.CreateLogger<MySqlAlternatingUsersStrategy>()),
            RotationStrategy.RandomValue => new RandomValueStrategy(),
            RotationStrategy.DirectoryServiceAdmin => new DirectoryServiceAdminStrategy(
                aws.DirectoryService(scope), ldap, null, loggers.CreateLogger<DirectoryServiceAdminStrategy>()),
            _ => throw new InvalidOperationException($"strategy {spec.Strategy} is not driven by the operator's engine"),
        };
    }
}
