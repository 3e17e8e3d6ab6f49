using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Controllers.Restarts;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Operator.Runtime.Informers;

namespace Rotator.Benchmarks;

/// <summary>
/// The benchmark's own watches (its client, not the operator's) on the RotatingSecrets, mirrored Secrets
/// and Deployments of the run's namespaces, feeding every change into the resources' <see cref="RotationTrace"/>s
/// with the moment it arrived.
/// </summary>
public sealed class RotationWatch : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<(string Namespace, string Name), RotationTrace> traces;
    private readonly List<IInformer> informers = [];
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> running = [];

    private RotationWatch(IReadOnlyDictionary<(string Namespace, string Name), RotationTrace> traces) => this.traces = traces;

    /// <summary>Starts the watches and returns once every one has listed (so no later change is missed).</summary>
    /// <param name="client">The benchmark's own client.</param>
    /// <param name="traces">The run's resources; their namespaces are watched.</param>
    /// <param name="deploymentSelector">Label selector of the run's Deployments.</param>
    /// <param name="loggerFactory">For the informers' logs.</param>
    /// <param name="cancellationToken">Stops waiting for the first lists.</param>
    public static async Task<RotationWatch> StartAsync(
        KubernetesApi client, IReadOnlyCollection<RotationTrace> traces, string deploymentSelector, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var watch = new RotationWatch(traces.ToDictionary(t => (t.Namespace, t.Name)));
        var logger = loggerFactory.CreateLogger<RotationWatch>();
        foreach (var ns in traces.Select(t => t.Namespace).Distinct(StringComparer.Ordinal))
        {
            watch.Add(client.For(RotatingSecretResource.Type), new InformerOptions { Namespace = ns }, logger,
                (trace, resource, seen) => trace.OnStatus(resource.Status, seen));
            watch.Add(client.For(ResourceTypes.Secrets), new InformerOptions { Namespace = ns, LabelSelector = MirrorLabels.ManagedBySelector }, logger,
                (trace, secret, seen) => Note(trace.SecretVersionsSeen, secret.Metadata.Annotations, MirrorLabels.VersionId, seen));
            watch.Add(client.For(ResourceTypes.Deployments), new InformerOptions { Namespace = ns, LabelSelector = deploymentSelector }, logger,
                (trace, deployment, seen) => Note(trace.RestartsSeen, deployment.Spec?.Template?.Metadata?.Annotations, RestartAnnotations.RestartedFor, seen));
        }

        foreach (var informer in watch.informers)
        {
            await informer.WaitForSyncAsync(cancellationToken);
        }

        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(running);
        }
        catch (OperationCanceledException)
        {
            // The informers' way of stopping.
        }

        stop.Dispose();
    }

    private static void Note(System.Collections.Concurrent.ConcurrentDictionary<string, long> seen, IDictionary<string, string>? annotations, string key, long at)
    {
        if (annotations?.TryGetValue(key, out var value) == true)
        {
            seen.TryAdd(value, at);
        }
    }

    private void Add<T>(ResourceApi<T> client, InformerOptions options, ILogger logger, Action<RotationTrace, T, long> onChange)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new Informer<T>(client, options, TimeProvider.System, logger);
        informer.AddHandler(change =>
        {
            var seen = Stopwatch.GetTimestamp();
            if (change.Kind is InformerEventKind.Added or InformerEventKind.Updated
                && traces.TryGetValue((change.Item.Metadata.NamespaceProperty ?? "", change.Item.Metadata.Name ?? ""), out var trace))
            {
                onChange(trace, change.Item, seen);
            }
        });
        informers.Add(informer);
        running.Add(informer.RunAsync(stop.Token));
    }
}
