using FluentAssertions;
using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Models;
using Rotator.Operator.Runtime.Finalizers;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Finalizers;

/// <summary>Finalizers are added and removed with test-guarded JSON patches against the real API server.</summary>
public sealed class FinalizerManagerTests(TestbedFixture testbed)
{
    private static readonly ResourceType<GenericObject> ConfigMaps = ResourceTypes.Generic("", "v1", "configmaps", "ConfigMap", true);

    [Fact]
    public async Task Adds_and_removes_without_dropping_another_controllers_finalizer()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = TestClients.Admin(testbed.Kube);
        var ns = TestClients.UniqueName("fin");
        await client.For(ResourceTypes.Namespaces).CreateAsync(null, new GenericObject { Metadata = new ObjectMeta { Name = ns } }, ct);
        var maps = client.For(ConfigMaps);
        var created = await maps.CreateAsync(ns, new GenericObject { Metadata = new ObjectMeta { Name = "guarded" } }, ct);
        var ours = new FinalizerManager<GenericObject>(maps, "rotator.io/finalizer");

        var added = await ours.AddAsync(created, ct);
        added.Metadata.Finalizers.Should().Equal("rotator.io/finalizer");
        (await ours.AddAsync(added, ct)).Metadata.Finalizers.Should().Equal(["rotator.io/finalizer"], "adding twice is a no-op");

        // Another controller adds its own finalizer after we read the object: our stale copy must not win.
        var theirs = new FinalizerManager<GenericObject>(maps, "example.com/other");
        await theirs.AddAsync(added, ct);

        var removed = await ours.RemoveAsync(added, CancellationToken.None);
        removed.Metadata.Finalizers.Should().Equal("example.com/other");

        await theirs.RemoveAsync(removed, CancellationToken.None);
        await maps.DeleteAsync(ns, "guarded", ct);
        (await maps.GetAsync(ns, "guarded", ct)).Should().BeNull("with every finalizer gone the object is deleted");
    }
}
