using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Informers;

/// <summary>
/// The failure modes that broke the .NET operator SDK's watches, reproduced against a real API
/// server: restart, expired resourceVersion after compaction, server-side watch timeouts, and
/// hundreds of dropped connections.
/// </summary>
[Collection(nameof(DisruptableKubeCollection))]
public sealed class InformerTests(DisruptableKube cluster) : IAsyncLifetime
{
    private static readonly ResourceType<V1ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string ns = TestClients.UniqueName("informer");
    private KubernetesApi admin = null!;

    public async ValueTask InitializeAsync()
    {
        admin = TestClients.Admin(cluster.Kube);
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        admin.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Resumes_watching_after_the_api_server_restarts()
    {
        var ct = TestContext.Current.CancellationToken;
        using var informerClient = TestClients.Admin(cluster.Kube);
        var informer = NewInformer(informerClient, new InformerOptions { Namespace = ns, BackoffMax = TimeSpan.FromSeconds(2) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(Patience, ct);

        await cluster.StopAsync("apiserver");
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        await cluster.StartAsync("apiserver");

        await Create("after-restart", ct);
        await Eventually.HoldsAsync(() => informer.Store.Get(ns, "after-restart") is not null, Patience, "object created after the restart reaches the store");
        informer.Relists.Should().Be(1, "a restart with etcd intact is resumed from the last resourceVersion, not relisted");

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Relists_with_synthetic_deletes_when_the_resource_version_expired()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = new FaultProxy(cluster.Kube.Server);
        using var informerClient = TestClients.Admin(cluster.Kube, proxy.Url);
        var informer = NewInformer(informerClient, new InformerOptions { Namespace = ns, BackoffInitial = TimeSpan.FromMilliseconds(100), BackoffMax = TimeSpan.FromMilliseconds(500) });
        var deletes = new ConcurrentBag<InformerEvent<V1ConfigMap>>();
        informer.AddHandler(e => { if (e.Kind == InformerEventKind.Deleted) { deletes.Add(e); } });
        await Create("keep", ct);
        await Create("vanish", ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(Patience, ct);
        informer.Store.Count.Should().Be(2);

        // Cut the informer off, change the world behind its back, and make its resourceVersion history vanish.
        proxy.Pause();
        await admin.For(ConfigMaps).DeleteAsync(ns, "vanish", ct);
        await Create("appeared", ct);
        await cluster.CompactAsync();
        proxy.Resume();

        await Eventually.HoldsAsync(
            () => informer.Store.Get(ns, "vanish") is null && informer.Store.Get(ns, "appeared") is not null,
            Patience,
            "relist after 410 brings the store up to date");
        informer.Relists.Should().BeGreaterThanOrEqualTo(2);
        deletes.Should().ContainSingle(e => e.Item.Metadata.Name == "vanish" && e.FromRelist, "a delete missed while disconnected is emitted synthetically by the relist");
        informer.Store.Get(ns, "keep").Should().NotBeNull();

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Keeps_delivering_after_the_server_ends_idle_watches()
    {
        var ct = TestContext.Current.CancellationToken;
        using var informerClient = TestClients.Admin(cluster.Kube);
        var informer = NewInformer(informerClient, new InformerOptions { Namespace = ns, WatchTimeout = TimeSpan.FromSeconds(2) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(Patience, ct);

        // Idle for several server-side watch timeouts (2..4 s each).
        await Eventually.HoldsAsync(() => informer.Watches >= 4, Patience, "server ended idle watches and the informer re-watched");
        await Create("after-idle", ct);
        await Eventually.HoldsAsync(() => informer.Store.Get(ns, "after-idle") is not null, TimeSpan.FromSeconds(20), "object created after idle watches is delivered");
        informer.Relists.Should().Be(1, "a watch that simply timed out resumes from its resourceVersion");

        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Memory_stays_flat_across_500_forced_reconnects()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var proxy = new FaultProxy(cluster.Kube.Server);
        using var informerClient = TestClients.Admin(cluster.Kube, proxy.Url);
        var informer = NewInformer(informerClient, new InformerOptions
        {
            Namespace = ns,
            BackoffInitial = TimeSpan.FromMilliseconds(1),
            BackoffMax = TimeSpan.FromMilliseconds(5),
        });
        await Create("steady", ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(ct).WaitAsync(Patience, ct);

        // Each round cuts every connection, then changes the object: the change can only arrive through a new watch.
        async Task Reconnect(int times)
        {
            for (var i = 0; i < times; i++)
            {
                proxy.DropConnections();
                var updated = await admin.For(ConfigMaps).PatchAsync(ns, "steady", new JsonObject { ["data"] = new JsonObject { ["round"] = $"{i}" } }, V1Patch.PatchType.MergePatch, ct);
                await Eventually.HoldsAsync(
                    () => informer.Store.Get(ns, "steady")?.Metadata.ResourceVersion == updated.Metadata.ResourceVersion,
                    TimeSpan.FromSeconds(30),
                    $"round {i}: the change made after the connection was cut is delivered");
            }
        }

        await Reconnect(50);
        var baseline = Settle();
        await Reconnect(450);
        var after = Settle();

        informer.Store.Count.Should().Be(1);
        proxy.Accepted.Should().BeGreaterThan(500, "every round forced a new connection");
        (after - baseline).Should().BeLessThan(4L * 1024 * 1024, $"managed memory went from {baseline:N0} to {after:N0} bytes over 450 reconnects");

        await stop.CancelAsync();
        await run;
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static Informer<V1ConfigMap> NewInformer(KubernetesApi client, InformerOptions options) =>
        new(client.For(ConfigMaps), options, TimeProvider.System, new TestOutputLogger("informer"));

    private Task<V1ConfigMap> Create(string name, CancellationToken ct) =>
        admin.For(ConfigMaps).CreateAsync(ns, new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = name },
            Data = new Dictionary<string, string> { ["k"] = name },
        }, ct);
}
