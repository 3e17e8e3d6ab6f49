using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Kubernetes.Http;
using Rotator.Operator.Metrics;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>Real requests to the test bed's API server through the library's client and our request-metrics handler, observed by <see cref="RotatorMetrics"/>.</summary>
public sealed class KubernetesRequestMetricsTests(TestbedFixture testbed)
{
    private const string Family = "rotator_kubernetes_requests_total";

    [Fact]
    public async Task Counts_each_request_by_verb_plural_resource_with_subresource_and_status_code_and_never_by_name()
    {
        var ct = TestContext.Current.CancellationToken;
        await CrdInstaller.EnsureAsync(testbed.Kube, ct);
        var metrics = new RotatorMetrics(TimeProvider.System);
        using var admin = TestClients.Admin(testbed.Kube);
        using var observed = TestClients.Admin(testbed.Kube, observer: metrics);
        var ns = TestClients.UniqueName("k8s-metrics");
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        try
        {
            var secrets = observed.For(ResourceTypes.Secrets);
            await secrets.CreateAsync(ns, new V1Secret { Metadata = new V1ObjectMeta { Name = "observed-name" }, Data = new Dictionary<string, byte[]> { ["k"] = "not-a-label"u8.ToArray() } }, ct);
            (await secrets.GetAsync(ns, "observed-name", ct)).Should().NotBeNull();
            (await secrets.GetAsync(ns, "missing-name", ct)).Should().BeNull();
            await secrets.ListAsync(ns, null, ct);
            await foreach (var _ in secrets.WatchAsync(ns, new WatchOptions { Timeout = TimeSpan.FromSeconds(1) }, ct))
            {
                // Drained until the server ends the watch.
            }

            var resources = observed.For(RotatingSecretResource.Type);
            await resources.CreateAsync(ns, new RotatingSecret
            {
                Metadata = new V1ObjectMeta { Name = "observed-name" },
                Spec = new RotatingSecretSpec { SecretId = $"{ns}/observed-name", Rotation = new RotationSpec { Strategy = RotationStrategy.None } },
            }, ct);
            await resources.PatchStatusAsync(ns, "observed-name", new JsonObject { ["status"] = new JsonObject { ["observedGeneration"] = 1 } }, V1Patch.PatchType.MergePatch, ct);
            (await secrets.DeleteAsync(ns, "observed-name", ct)).Should().BeTrue();
        }
        finally
        {
            await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        }

        // An API server that is not there answers nothing: the attempt still counts.
        using var unreachable = KubernetesApiFactory.Create(
            new ApiServerAccess(new k8s.KubernetesClientConfiguration { Host = $"http://127.0.0.1:{ClosedPort()}" }, null, "nowhere"),
            new KubernetesApiOptions(),
            TimeProvider.System,
            NullLogger.Instance,
            metrics);
        await ((Func<Task>)(() => unreachable.GetVersionAsync(ct))).Should().ThrowAsync<HttpRequestException>();

        var text = await metrics.RenderAsync(ct);
        var parsed = ExpositionParser.Parse(text);
        parsed.Types[Family].Should().Be("counter");
        double? Count(string verb, string resource, string code) => parsed.Value(Family, ("verb", verb), ("resource", resource), ("code", code));
        Count("create", "secrets", "201").Should().Be(1);
        Count("get", "secrets", "200").Should().Be(1);
        Count("get", "secrets", "404").Should().Be(1, "a missing object is an answer too");
        Count("list", "secrets", "200").Should().Be(1);
        Count("watch", "secrets", "200").Should().Be(1, "a watch counts once, when its response headers arrive");
        Count("create", "rotatingsecrets", "201").Should().Be(1, "the resource is the plural without its group");
        Count("patch", "rotatingsecrets/status", "200").Should().Be(1);
        Count("delete", "secrets", "200").Should().Be(1);
        Count("get", "version", KubernetesRequestCodes.Error).Should().Be(1);
        parsed.Named(Family).Should().HaveCount(9, "nothing else was sent: {0}", text);
        text.Should().NotContain(ns, "namespaces are never labels").And.NotContain("observed-name", "names are never labels").And.NotContain("not-a-label");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
