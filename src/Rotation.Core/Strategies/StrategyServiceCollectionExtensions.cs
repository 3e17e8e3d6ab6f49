using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.MySql;
using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Strategies;

/// <summary>Registers the strategy catalog and the shared targets behind it; the host registers <see cref="IAwsClients"/> and a <see cref="TimeProvider"/>.</summary>
public static class StrategyServiceCollectionExtensions
{
    public static IServiceCollection AddRotationStrategies(this IServiceCollection services)
    {
        services.AddSingleton<IMySqlTarget>(provider => new MySqlTarget(provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPostgreSqlTarget>(_ => new PostgreSqlTarget());
        services.AddSingleton<ILdapVerifier>(provider => new LdapVerifier(
            new LdapVerifierOptions(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<LdapVerifier>>()));
        services.AddSingleton<IStrategyCatalog>(provider => new StrategyCatalog(
            provider.GetRequiredService<IMySqlTarget>(),
            provider.GetRequiredService<IPostgreSqlTarget>(),
            provider.GetRequiredService<IAwsClients>(),
            provider.GetRequiredService<ILdapVerifier>(),
            provider.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}
