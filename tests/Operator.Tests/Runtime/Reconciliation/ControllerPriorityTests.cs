using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Queues;
using Rotator.Operator.Runtime.Reconciliation;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Reconciliation;

/// <summary>
/// The controller end to end on the real API server: an object created while hundreds of others are
/// being refreshed (Low lane) is reconciled next, not after them.
/// </summary>
public sealed class ControllerPriorityTests(TestbedFixture testbed) : IAsyncLifetime
{
    private const int Existing = 300;
    private static readonly ResourceType<V1ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    private readonly string ns = TestClients.UniqueName("priority");
    private KubernetesApi admin = null!;

    public async ValueTask InitializeAsync()
    {
        admin = TestClients.Admin(testbed.Kube);
        var ct = TestContext.Current.CancellationToken;
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Existing),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, token) => await admin.For(ConfigMaps).CreateAsync(ns, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"existing-{i:D3}" } }, token));
    }

    public async ValueTask DisposeAsync()
    {
        await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        admin.Dispose();
    }

    [Fact]
    public async Task A_new_object_is_reconciled_before_the_pending_refreshes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = TestClients.Admin(testbed.Kube);
        var informer = new Informer<V1ConfigMap>(client.For(ConfigMaps), new InformerOptions { Namespace = ns }, TimeProvider.System, new TestOutputLogger("informer"));
        var reconciler = new SlowRecordingReconciler(TimeSpan.FromMilliseconds(20));
        using var queue = new WorkQueue<ObjectKey>(TimeProvider.System);
        var controller = new Controller<V1ConfigMap>(informer, reconciler, queue, new ControllerOptions { Name = "priority", Workers = 1 }, new TestOutputLogger("controller"));
        var newcomer = new ObjectKey(ns, "newcomer");

        // Registered after the controller's own handler, so this runs right after the newcomer was queued.
        var queuedAt = -1;
        informer.AddHandler(change =>
        {
            if (change.Kind == InformerEventKind.Added && ObjectKey.Of(change.Item) == newcomer)
            {
                queuedAt = reconciler.Count;
            }
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var informing = informer.RunAsync(stop.Token);
        var reconciling = controller.RunAsync(stop.Token);

        // Past the first pass (Normal lane): from now on every existing object waits in the Low lane.
        await Eventually.HoldsAsync(() => reconciler.Count >= Existing + 50, TimeSpan.FromSeconds(60), "the existing objects are being refreshed");
        queue.Count.Should().BeGreaterThan(Existing - 10, "the refreshes are queued");

        var createdAt = reconciler.Count;
        await client.For(ConfigMaps).CreateAsync(ns, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "newcomer" } }, ct);
        await Eventually.HoldsAsync(() => reconciler.IndexOf(newcomer) >= 0, TimeSpan.FromSeconds(30), "the newcomer is reconciled");

        var position = reconciler.IndexOf(newcomer);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"newcomer reconciled {position - createdAt} reconciles after its create call, {position - queuedAt} after it was queued, with {Existing} refreshes pending");
        queuedAt.Should().BeGreaterThanOrEqualTo(createdAt);
        (position - queuedAt).Should().BeLessThanOrEqualTo(2, "only the reconcile in progress may finish before it");
        (position - createdAt).Should().BeLessThan(Existing / 3, "it does not wait behind the refreshes, whatever the watch's latency");

        await stop.CancelAsync();
        await reconciling;
        await informing;
    }
}
