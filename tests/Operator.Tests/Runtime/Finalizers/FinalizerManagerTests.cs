using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Runtime.Finalizers;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Finalizers;

/// <summary>Finalizers are added and removed with test-guarded JSON patches against the real API server.</summary>
public sealed class FinalizerManagerTests(TestbedFixture testbed)
{
    private static readonly ResourceType<V1ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);

    [Fact]
    public async Task Adds_and_removes_without_dropping_another_controllers_finalizer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = TestClients.Admin(testbed.Kube);
        var ns = TestClients.UniqueName("fin");
        await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        var maps = client.For(ConfigMaps);
        var created = await maps.CreateAsync(ns, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "guarded" } }, ct);
        var ours = new FinalizerManager<V1ConfigMap>(maps, "rotator.io/finalizer");

        var added = await ours.AddAsync(created, ct);
        added.Metadata.Finalizers.Should().Equal("rotator.io/finalizer");
        (await ours.AddAsync(added, ct)).Metadata.Finalizers.Should().Equal(["rotator.io/finalizer"], "adding twice is a no-op");

        // Another controller adds its own finalizer after we read the object: our stale copy must not win.
        var theirs = new FinalizerManager<V1ConfigMap>(maps, "example.com/other");
        await theirs.AddAsync(added, ct);

        var removed = await ours.RemoveAsync(added, CancellationToken.None);
        removed.Metadata.Finalizers.Should().Equal("example.com/other");

        await theirs.RemoveAsync(removed, CancellationToken.None);
        await maps.DeleteAsync(ns, "guarded", ct);
        (await maps.GetAsync(ns, "guarded", ct)).Should().BeNull("with every finalizer gone the object is deleted");
    }
}
