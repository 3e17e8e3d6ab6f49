using System.Diagnostics;
using Microsoft.Extensions.Logging;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Runtime.Informers;

namespace Rotator.Benchmarks;

/// <summary>
/// How long a fresh informer takes to list and sync N RotatingSecrets, and what holding them costs in
/// memory. Loading is idempotent: objects already there are kept, extras of the same set deleted, so
/// repeated runs against one API server measure the same thing.
/// </summary>
/// <param name="connect">A new client (own connections) with the given rate limits.</param>
/// <param name="loggerFactory">Where the loader and the informer log.</param>
public sealed class InformerBenchmark(Func<KubernetesApiOptions, KubernetesApi> connect, ILoggerFactory loggerFactory)
{
    // The loader is a load generator, not the operator: it may push the API server hard.
    private static readonly KubernetesApiOptions LoaderLimits = new() { Qps = 1000, Burst = 2000 };

    private readonly ILogger logger = loggerFactory.CreateLogger<InformerBenchmark>();

    public async Task<InformerBenchmarkResult> RunAsync(InformerBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Namespaces, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        int created;
        int deleted;
        using (var loader = connect(LoaderLimits))
        {
            await CrdSetup.EnsureAsync(loader, logger, cancellationToken);
            await EnsureNamespacesAsync(loader, options, cancellationToken);
            (created, deleted) = await LoadAsync(loader, options, cancellationToken);
        }

        return await MeasureAsync(options, created, deleted, cancellationToken);
    }

    private static async Task EnsureNamespacesAsync(KubernetesApi client, InformerBenchmarkOptions options, CancellationToken cancellationToken)
    {
        for (var i = 0; i < options.Namespaces; i++)
        {
            try
            {
                await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = $"{options.NamespacePrefix}-{i}" } }, cancellationToken);
            }
            catch (AlreadyExistsException)
            {
                // Kept from a previous run.
            }
        }
    }

    private async Task<(int Created, int Deleted)> LoadAsync(KubernetesApi client, InformerBenchmarkOptions options, CancellationToken cancellationToken)
    {
        var type = client.For(RotatingSecretResource.Type);
        var started = Stopwatch.StartNew();
        var present = (await type.ListAllAsync(null, new ListOptions { LabelSelector = Selector(options), Limit = 500 }, cancellationToken))
            .Items.Select(ObjectKey.Of).ToHashSet();
        var wanted = Enumerable.Range(0, options.Count)
            .Select(i => (Index: i, Key: new ObjectKey($"{options.NamespacePrefix}-{i % options.Namespaces}", RotatingSecrets.Name(i))))
            .ToList();
        var wantedKeys = wanted.Select(w => w.Key).ToHashSet();
        var missing = wanted.Where(w => !present.Contains(w.Key)).ToList();
        var extra = present.Where(k => !wantedKeys.Contains(k)).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken };

        var created = 0;
        await Parallel.ForEachAsync(missing, parallel, async (item, token) =>
        {
            try
            {
                await type.CreateAsync(item.Key.Namespace, RotatingSecrets.Sample(item.Index, item.Key.Namespace!, options.Set), token);
                Interlocked.Increment(ref created);
            }
            catch (AlreadyExistsException)
            {
                // Created by a concurrent run of the same set.
            }
        });

        var deleted = 0;
        await Parallel.ForEachAsync(extra, parallel, async (key, token) =>
        {
            if (await type.DeleteAsync(key.Namespace, key.Name, token))
            {
                Interlocked.Increment(ref deleted);
            }
        });

        logger.LogInformation(
            "Loaded set {Set}: {Count} objects in {Namespaces} namespaces, {Created} created, {Deleted} deleted, in {Elapsed}",
            options.Set, options.Count, options.Namespaces, created, deleted, started.Elapsed);
        return (created, deleted);
    }

    private async Task<InformerBenchmarkResult> MeasureAsync(InformerBenchmarkOptions options, int created, int deleted, CancellationToken cancellationToken)
    {
        // Start from a settled heap and, where Linux allows, a fresh RSS peak: loading allocated plenty.
        var baselineManaged = ProcessMemory.SettledManagedHeap();
        var peakIsSyncOnly = ProcessMemory.TryResetPeak();
        var baselineRss = ProcessMemory.Rss();

        using var client = connect(new KubernetesApiOptions());
        var informer = new Informer<RotatingSecret>(
            client.For(RotatingSecretResource.Type),
            new InformerOptions { LabelSelector = Selector(options) },
            TimeProvider.System,
            loggerFactory.CreateLogger<Informer<RotatingSecret>>());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        TimeSpan syncTime;
        long peakManaged;
        Task running;
        await using (var sampler = new ManagedHeapSampler(TimeSpan.FromMilliseconds(5)))
        {
            var clock = Stopwatch.StartNew();
            running = informer.RunAsync(stop.Token);
            await informer.WaitForSyncAsync(cancellationToken);
            syncTime = clock.Elapsed;
            peakManaged = sampler.Peak;
        }

        var peakRss = ProcessMemory.PeakRss();
        var retained = ProcessMemory.SettledManagedHeap();
        var storeCount = informer.Store.Count;
        await stop.CancelAsync();
        await running;
        GC.KeepAlive(informer);

        return new InformerBenchmarkResult
        {
            Count = options.Count,
            Namespaces = options.Namespaces,
            Created = created,
            Deleted = deleted,
            StoreCount = storeCount,
            SyncTime = syncTime,
            BaselineManaged = baselineManaged,
            PeakManaged = Math.Max(peakManaged, retained),
            RetainedManaged = retained,
            BaselineRss = baselineRss,
            PeakRss = Math.Max(peakRss, baselineRss),
            PeakRssIsSyncOnly = peakIsSyncOnly,
        };
    }

    private static string Selector(InformerBenchmarkOptions options) => $"{RotatingSecrets.SetLabel}={options.Set}";
}
