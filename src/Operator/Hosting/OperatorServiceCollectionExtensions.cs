using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Http;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Runtime.LeaderElection;
using Rotator.Operator.Runtime.Reconciliation;
using Rotator.Rotation.Aws;

namespace Rotator.Operator.Hosting;

/// <summary>The operator's wiring: the runtime once, then one <see cref="AddController{T}"/> call per controller.</summary>
public static class OperatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the API client, event recorder, leader elector, health state, metrics and the
    /// <see cref="OperatorRuntime"/> that runs them. <see cref="RotatorMetrics"/> is also the
    /// <see cref="IAwsCallObserver"/> to build AWS transports with, and the API client's <see cref="IKubernetesRequestObserver"/>. The client is created when the runtime starts,
    /// so a missing or broken configuration is reported by the runtime, not as a DI error.
    /// </summary>
    /// <summary>The service key of the leader election's own Kubernetes client.</summary>
    public const string LeaderElectionClient = "leader-election";

    /// <summary>The service key of the event recorder's own Kubernetes client.</summary>
    public const string EventsClient = "events";

    // A renewal every RetryPeriod (2 s by default) and a read on a conflict: well under one request a second.
    private const double LeaderElectionQps = 5;
    private const int LeaderElectionBurst = 10;

    // Events are the audit trail, written in the background: up to ten a second (a rotation writes about four),
    // and when a burst makes more they wait in the recorder's queue, never in front of the work's requests.
    private const double EventsQps = 10;
    private const int EventsBurst = 20;

    public static IServiceCollection AddOperatorRuntime(this IServiceCollection services, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<OperatorHealth>();
        services.AddSingleton<OwnerQueues>();
        services.TryAddSingleton(provider => new RotatorMetrics(provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IAwsCallObserver>(provider => provider.GetRequiredService<RotatorMetrics>());
        services.TryAddSingleton<IKubernetesRequestObserver>(provider => provider.GetRequiredService<RotatorMetrics>());
        services.AddSingleton(provider => Client(provider, options, options.Qps, options.Burst));
        // The event recorder has a client of its own too: under a rotation burst its writes (about four a rotation)
        // took a third of the work's rate limit, so the Secret write and restart patch after finishSecret queued behind them.
        services.AddKeyedSingleton(EventsClient, (provider, _) => Client(provider, options, EventsQps, EventsBurst));
        services.AddSingleton(provider => new EventRecorder(
            provider.GetRequiredKeyedService<KubernetesApi>(EventsClient).For(ResourceTypes.Events),
            new EventRecorderOptions { ReportingInstance = options.Identity },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<EventRecorder>>()));
        services.AddSingleton<IEventRecorder>(provider => provider.GetRequiredService<EventRecorder>());
        // Leader election talks to the API server over a client of its own (own connections, own rate limit), as
        // client-go's leader election does: a renewal never waits behind a busy work queue's requests, which made a
        // leader under a rotation burst miss its renew deadline and stand down.
        services.AddKeyedSingleton(LeaderElectionClient, (provider, _) => Client(provider, options, LeaderElectionQps, LeaderElectionBurst));
        services.AddSingleton(provider => new LeaseElector(
            provider.GetRequiredKeyedService<KubernetesApi>(LeaderElectionClient).For(ResourceTypes.Leases),
            new LeaderElectionOptions
            {
                LeaseNamespace = options.LeaseNamespace,
                LeaseName = options.LeaseName,
                Identity = options.Identity,
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
                ReleaseOnCancel = true,
            },
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<LeaseElector>>()));
        services.AddHostedService<OperatorRuntime>();
        return services;
    }

    /// <summary>A client of the operator's API server configuration with a rate limit of its own; every request is counted in the one metric.</summary>
    private static KubernetesApi Client(IServiceProvider provider, OperatorOptions options, double qps, int burst) => KubernetesApiFactory.Create(
        options.Kubeconfig,
        options.Context,
        new KubernetesApiOptions { Qps = qps, Burst = burst },
        provider.GetRequiredService<TimeProvider>(),
        provider.GetRequiredService<ILogger<KubernetesApi>>(),
        provider.GetRequiredService<IKubernetesRequestObserver>());

    /// <summary>
    /// Adds a controller for <paramref name="type"/>: the runtime watches it (in every watched
    /// namespace) and, while leading, hands changed objects to the reconciler from <paramref name="reconciler"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="type">The resource to watch and reconcile.</param>
    /// <param name="reconciler">Creates the reconciler (once) from the host's services.</param>
    /// <param name="labelSelector">Limits the cache to matching objects, e.g. <c>app.kubernetes.io/managed-by=rotator</c>.</param>
    public static IServiceCollection AddController<T>(
        this IServiceCollection services, ResourceType<T> type, Func<IServiceProvider, IReconciler<T>> reconciler, string? labelSelector = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(reconciler);
        return services.AddSingleton<IControllerRegistration>(new ControllerRegistration<T>(type, reconciler, labelSelector));
    }

    /// <summary>Adds a loop that runs for the life of the process; see <see cref="IOperatorLoop"/>.</summary>
    public static IServiceCollection AddOperatorLoop<TLoop>(this IServiceCollection services)
        where TLoop : class, IOperatorLoop => services.AddSingleton<IOperatorLoop, TLoop>();
}
