using Microsoft.Extensions.Logging;
using Rotator.Kubernetes.Http;

namespace Rotator.Kubernetes;

/// <summary>
/// Makes the library's client with this process's behaviour in its HTTP pipeline, outermost first: a
/// refused exec-plugin token fetched again once (<see cref="ReauthenticationHandler"/>), 429s waited out
/// (<see cref="ThrottlingHandler"/>), the client-side rate limit (<see cref="RateLimitHandler"/>), each
/// attempt counted (<see cref="RequestMetricsHandler"/>), and each attempt's deadline
/// (<see cref="RequestDeadlineHandler"/>). So a retry takes a rate-limit token, is counted, and gets a
/// deadline of its own, and a long wait in the rate limit's queue is not mistaken for a slow server.
/// </summary>
public static class KubernetesApiFactory
{
    /// <summary>A client for the configuration <see cref="KubernetesConfigurationResolver"/> finds for these options.</summary>
    public static KubernetesApi Create(
        string? kubeconfig, string? context, KubernetesApiOptions options, TimeProvider time, ILogger logger, IKubernetesRequestObserver? observer = null) =>
        Create(new KubernetesConfigurationResolver(time).Resolve(kubeconfig, context), options, time, logger, observer);

    public static KubernetesApi Create(
        ApiServerAccess access, KubernetesApiOptions options, TimeProvider time, ILogger logger, IKubernetesRequestObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(options);
        LibraryJson.UseReflectionMetadata();
        var configuration = access.Configuration;
        configuration.UserAgent = options.UserAgent;

        // The library's own timeout would also run while a request waits for its rate-limit token.
        configuration.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        var handlers = new List<DelegatingHandler>();
        if (access.Exec is { } exec)
        {
            handlers.Add(new ReauthenticationHandler(exec));
        }

        handlers.Add(new ThrottlingHandler(options.MaxThrottleRetries, time, logger));
        handlers.Add(new RateLimitHandler(options.Qps, options.Burst));
        handlers.Add(new RequestMetricsHandler(observer ?? NullKubernetesRequestObserver.Instance));
        handlers.Add(new RequestDeadlineHandler(options.RequestTimeout, time));
        return new KubernetesApi(new k8s.Kubernetes(configuration, [.. handlers]), access.Source, options);
    }
}
