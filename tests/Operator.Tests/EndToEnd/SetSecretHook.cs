using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// The operator's real strategies with a test's action run before every setSecret (then the real setSecret):
/// a way to break something at an exact point of a rotation, after createSecret stored AWSPENDING.
/// </summary>
internal sealed class SetSecretHook(Func<CancellationToken, Task> beforeSet)
{
    /// <summary>Registers the hooked strategies in the operator's services (pass to <see cref="OperatorHarness.StartAsync"/>).</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton<IStrategyCatalog>(provider => new Catalog(
            new StrategyCatalog(
                provider.GetRequiredService<Rotation.MySql.IMySqlTarget>(),
                provider.GetRequiredService<Rotation.PostgreSql.IPostgreSqlTarget>(),
                provider.GetRequiredService<IAwsClients>(),
                provider.GetRequiredService<Rotation.Ldap.ILdapVerifier>(),
                provider.GetRequiredService<ILoggerFactory>()),
            beforeSet));

    private sealed class Catalog(IStrategyCatalog inner, Func<CancellationToken, Task> beforeSet) : IStrategyCatalog
    {
        public IRotationStrategy Create(StrategySettings settings, AwsScope scope) => new Hooked(inner.Create(settings, scope), beforeSet);
    }

    private sealed class Hooked(IRotationStrategy inner, Func<CancellationToken, Task> beforeSet) : IRotationStrategy
    {
        public string Name => inner.Name;

        public Task ValidateAsync(RotationContext context, CancellationToken cancellationToken) => inner.ValidateAsync(context, cancellationToken);

        public Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken) => inner.CreatePendingAsync(context, cancellationToken);

        public async Task SetAsync(RotationContext context, CancellationToken cancellationToken)
        {
            await beforeSet(cancellationToken);
            await inner.SetAsync(context, cancellationToken);
        }

        public Task TestAsync(RotationContext context, CancellationToken cancellationToken) => inner.TestAsync(context, cancellationToken);

        public Task RestoreAsync(RotationContext context, CancellationToken cancellationToken) => inner.RestoreAsync(context, cancellationToken);
    }
}
