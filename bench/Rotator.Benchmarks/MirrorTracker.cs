using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Rotator.Operator.Controllers.Mirroring;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Operator.Runtime.Informers;

namespace Rotator.Benchmarks;

/// <summary>
/// Watches the mirrored Secrets of the run's namespaces (the benchmark's own client and informer, not
/// the operator's; cluster-wide with the managed-by label when there are several) and notes the moment each one first carries the expected AWS VersionId. A watch, not
/// polling: the time is when the API server announced the write, give or take the event's delivery.
/// </summary>
public sealed class MirrorTracker : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> expected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> versions = new(StringComparer.Ordinal);
    private readonly Informer<V1Secret> informer;
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;

    private MirrorTracker(KubernetesApi client, IReadOnlyList<string> namespaces, ILoggerFactory loggerFactory)
    {
        informer = new Informer<V1Secret>(
            client.For(ResourceTypes.Secrets),
            new InformerOptions { Namespace = namespaces.Count == 1 ? namespaces[0] : null, LabelSelector = MirrorLabels.ManagedBySelector },
            TimeProvider.System,
            loggerFactory.CreateLogger<MirrorTracker>());
        informer.AddHandler(OnChange);
        running = informer.RunAsync(stop.Token);
    }

    /// <summary>Starts watching and returns once the watch is in place (so no write can be missed).</summary>
    public static async Task<MirrorTracker> StartAsync(KubernetesApi client, IReadOnlyList<string> namespaces, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var tracker = new MirrorTracker(client, namespaces, loggerFactory);
        await tracker.informer.WaitForSyncAsync(cancellationToken);
        return tracker;
    }

    /// <summary>
    /// Completes with the <see cref="Stopwatch"/> timestamp at which Secret <paramref name="name"/> was
    /// first seen holding <paramref name="versionId"/> (at once if it already does). Names are unique
    /// across the run's namespaces.
    /// </summary>
    public Task<long> Expect(string ns, string name, string versionId)
    {
        versions[name] = versionId;
        var done = expected.GetOrAdd(name, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (informer.Store.Get(ns, name) is { } present)
        {
            Check(present);
        }

        return done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // The informer's way of stopping.
        }

        stop.Dispose();
    }

    private void OnChange(InformerEvent<V1Secret> change)
    {
        if (change.Kind is InformerEventKind.Added or InformerEventKind.Updated)
        {
            Check(change.Item);
        }
    }

    private void Check(V1Secret secret)
    {
        var now = Stopwatch.GetTimestamp();
        if (secret.Metadata.Name is { } name
            && versions.TryGetValue(name, out var wanted)
            && secret.Metadata.Annotations?.TryGetValue(MirrorLabels.VersionId, out var actual) == true
            && actual == wanted
            && expected.TryGetValue(name, out var done))
        {
            done.TrySetResult(now);
        }
    }
}
