using System.Globalization;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Reconciliation;

/// <summary>
/// <see cref="ResourceApi{T}.UpdateAsync"/>, the read-modify-write reconcilers use for objects they
/// share with others: concurrent writers conflict on resourceVersion and retry, and no update is lost.
/// </summary>
public sealed class ReadModifyWriteTests(TestbedFixture testbed) : IAsyncLifetime
{
    private static readonly ResourceType<V1ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    private readonly string ns = TestClients.UniqueName("rmw");
    private KubernetesApi admin = null!;

    public async ValueTask InitializeAsync()
    {
        admin = TestClients.Admin(testbed.Kube);
        var ct = TestContext.Current.CancellationToken;
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        await admin.For(ConfigMaps).CreateAsync(ns, new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "counter", Annotations = new Dictionary<string, string> { ["rotator.io/counter"] = "0" } },
        }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        admin.Dispose();
    }

    [Fact]
    public async Task Two_concurrent_writers_each_incrementing_fifteen_times_end_at_thirty()
    {
        var ct = TestContext.Current.CancellationToken;
        using var first = TestClients.Admin(testbed.Kube);
        using var second = TestClients.Admin(testbed.Kube);
        var attempts = 0;
        using var start = new SemaphoreSlim(0, 2);

        async Task IncrementAsync(KubernetesApi client)
        {
            await start.WaitAsync(ct);
            for (var i = 0; i < 15; i++)
            {
                await client.For(ConfigMaps).UpdateAsync(ns, "counter", configMap =>
                {
                    Interlocked.Increment(ref attempts);
                    var annotations = configMap.Metadata.Annotations!;
                    annotations["rotator.io/counter"] = (int.Parse(annotations["rotator.io/counter"], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                    return true;
                }, ct);
            }
        }

        var writers = new[] { Task.Run(() => IncrementAsync(first), ct), Task.Run(() => IncrementAsync(second), ct) };
        start.Release(2);
        await Task.WhenAll(writers);

        var counter = await admin.For(ConfigMaps).GetAsync(ns, "counter", ct);
        counter!.Metadata.Annotations!["rotator.io/counter"].Should().Be("30", "every increment lands exactly once");
        TestContext.Current.TestOutputHelper?.WriteLine($"30 increments took {attempts} attempts ({attempts - 30} lost a race and were retried)");
        attempts.Should().BeGreaterThanOrEqualTo(30);
    }
}
