using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Hosting;
using Rotator.Operator.Kubernetes.Workloads;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Reconciliation;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Clients;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Strategies;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Registers the RotatingSecret controller and what it talks to (AWS, the strategy catalog, the mirrored Secrets, consumers).</summary>
public static class RotatingSecretsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the controller. <paramref name="awsIdentity"/> and <paramref name="awsEndpoints"/> default to
    /// the standard AWS environment (credential chain, AWS_REGION, AWS_ENDPOINT_URL[_SERVICE]).
    /// </summary>
    public static IServiceCollection AddRotatingSecrets(
        this IServiceCollection services,
        IAwsCredentialSource? awsIdentity = null,
        Func<string?, AwsEndpointSettings>? awsEndpoints = null)
    {
        services.AddSingleton(provider => RotatingSecretOptions.From(provider.GetRequiredService<OperatorOptions>()));
        services.AddSingleton(provider => new AwsTransport(
            new HttpClient(), new AwsClientOptions(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<RotatorMetrics>()));
        services.AddSingleton<IAwsClients>(provider => new AwsClients(
            provider.GetRequiredService<AwsTransport>(),
            awsIdentity ?? new DefaultAwsCredentialSource(),
            awsEndpoints ?? (region => AwsEndpointSettings.FromEnvironment(region)),
            provider.GetRequiredService<OperatorOptions>().Region,
            provider.GetRequiredService<TimeProvider>())
        {
            Loggers = provider.GetRequiredService<ILoggerFactory>(),
        });
        services.AddRotationStrategies();
        services.AddSingleton<ManagedSecretCache>();
        services.AddSingleton<IOperatorLoop>(provider => provider.GetRequiredService<ManagedSecretCache>());
        services.AddSingleton<IStartGate>(provider => provider.GetRequiredService<ManagedSecretCache>());
        services.AddSingleton(provider => new StatusWriter(provider.GetRequiredService<KubernetesApi>().For(RotatingSecretResource.Type)));
        services.AddSingleton<ResourceEvents>();
        services.AddSingleton(provider => new SecretMirror(provider.GetRequiredService<KubernetesApi>().For(ResourceTypes.Secrets), provider.GetRequiredService<ManagedSecretCache>()));
        services.AddSingleton(provider => new WorkloadApi(provider.GetRequiredService<KubernetesApi>()));
        services.AddSingleton<ConsumerResolver>();
        services.AddSingleton(provider => new WorkloadRestarter(provider.GetRequiredService<WorkloadApi>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new DeletionHandler(
            provider.GetRequiredService<KubernetesApi>().For(RotatingSecretResource.Type),
            provider.GetRequiredService<SecretMirror>(),
            provider.GetRequiredService<ResourceEvents>(),
            provider.GetRequiredService<RotatorMetrics>(),
            provider.GetRequiredService<IAwsClients>()));
        services.AddSingleton<SecretObserver>();
        services.AddSingleton<ApprovalHandler>();
        services.AddSingleton<RotationRunner>();
        services.AddSingleton<RollbackRunner>();
        services.AddSingleton<RotationPhase>();
        services.AddSingleton<MirrorPhase>();
        services.AddSingleton<RestartPhase>();
        services.AddSingleton<RolloutTracker>();
        services.AddSingleton<RetainedCredentialPhase>();
        services.AddSingleton<RotatingSecretReconciler>();
        services.AddSingleton<ICacheCompactor<RotatingSecret>, RotatingSecretCompactor>();
        services.AddController(RotatingSecretResource.Type, provider => provider.GetRequiredService<RotatingSecretReconciler>());
        return services;
    }
}
