using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Operator.Tests.Hosting;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Operator.Tests.Kubernetes.Config;
using Rotator.Operator.Tests.Testbed;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Chart;

/// <summary>
/// The rendered chart as the test bed's real kube-apiserver judges it: every object is sent with
/// <c>dryRun=All</c> (validation and admission run, nothing is stored), and nothing we sent may be
/// dropped: a 1.20 API server silently prunes unknown fields, so a misspelt field would otherwise pass.
/// </summary>
/// <remarks>
/// Created as helm install creates them (not server-side apply, whose typed patches on 1.20 refuse
/// what a create accepts, such as <c>cpu: 1</c>); an object that exists already (the CRD, installed
/// by other tests) is replaced with its resourceVersion, as an upgrade would. Raw HTTP, not kubectl: the kubectl on this machine is 1.32, far outside the
/// one-minor-version skew it supports against the test bed's 1.20. ServiceMonitor and PrometheusRule
/// need the Prometheus Operator's CRDs, which the test bed lacks: <see cref="ChartRenderTests"/> checks
/// them structurally. The last test installs the chart's RBAC for real and runs the operator with the
/// chart's arguments under the chart's ServiceAccount (pods cannot run: the test bed has no kubelet).
/// </remarks>
public sealed class ChartOnApiServerTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Default_install_passes_the_api_server()
    {
        await DryRunAsync(ns => ["--include-crds"]);
    }

    [Fact]
    public async Task Namespaced_install_with_templated_crd_irsa_and_scheduling_passes_the_api_server()
    {
        await DryRunAsync(ns =>
        [
            "--set", $"rbac.scope=namespaced,watchNamespaces={{{ns}-a,{ns}-b}}",
            "--set", "crds.templated=true",
            "--set", @"serviceAccount.annotations.eks\.amazonaws\.com/role-arn=arn:aws:iam::111122223333:role/rotator",
            "--set", "aws.region=eu-west-1,nodeSelector.node-role=ops",
            "--set-json", """tolerations=[{"key":"dedicated","operator":"Equal","value":"ops","effect":"NoSchedule"}]""",
            "--set-json", """operator.tenancy={"*":["{namespace}/*"]}""",
            "--set", "resources.requests.cpu=100m,resources.limits.cpu=1",
        ], "a", "b");
    }

    [Fact]
    public async Task Operator_runs_with_the_charts_arguments_under_its_namespaced_rbac()
    {
        var kube = testbed.Kube;
        var ct = TestContext.Current.CancellationToken;
        using var http = KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
        await CrdInstaller.EnsureAsync(kube, ct);
        var ns = $"chart-{Guid.NewGuid():N}"[..14];
        await using var namespaces = await TestNamespaces.CreateAsync(http, [ns, $"{ns}-a", $"{ns}-b"], ct);
        using var scratch = new TempDirectory();

        var r = await HelmChart.RenderOkAsync(
            "-release-name", "rotator", "-namespace", ns, "--kube-version", "v1.20.2",
            "--set", $"rbac.scope=namespaced,watchNamespaces={{{ns}-a,{ns}-b}}",
            "--set-json", """operator.tenancy={"*":["{namespace}/*"]}""");
        var release = await ChartRelease.InstallAsync(kube, r, ns, scratch.Path, ct);
        await using var host = await InProcessOperator.StartAsync(kube, ns, "unused", $"chart-{ns}", null, [.. release.OperatorArgs]);

        await Eventually.HoldsAsync(
            async () => (await host.GetAsync("/readyz")).Body.StartsWith("ok: leader", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60),
            "the operator syncs its caches in both watched namespaces and takes the Lease with the chart's RBAC alone");
        using var asOperator = KubeApiServerSmokeTests.Client(kube, release.Token);
        using var clusterWide = await asOperator.GetAsync("/api/v1/secrets", ct);
        clusterWide.StatusCode.Should().Be(HttpStatusCode.Forbidden, "namespaced RBAC grants nothing cluster-wide");
    }

    private async Task DryRunAsync(Func<string, string[]> arguments, params string[] watched)
    {
        var kube = testbed.Kube;
        var ct = TestContext.Current.CancellationToken;
        using var http = KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
        var ns = $"chart-{Guid.NewGuid():N}"[..14];
        var version = JsonNode.Parse(await http.GetStringAsync("/version", ct))!["gitVersion"]!.GetValue<string>();

        // Namespaced objects need their namespace to exist, even in a dry run.
        await using (await TestNamespaces.CreateAsync(http, [ns, .. watched.Select(w => $"{ns}-{w}")], ct))
        {
            // What helm does: the cluster's version decides .Capabilities (policy/v1beta1 on 1.20).
            var r = await HelmChart.RenderOkAsync(["-release-name", ns, "-namespace", ns, "--kube-version", version, .. arguments(ns)]);
            r.Manifests.Should().NotBeEmpty();
            foreach (var manifest in r.Manifests)
            {
                ApiObjects.Resources.Should().ContainKey(manifest.Kind, "every kind the chart renders by default is dry-run (add new ones here)");
                var sent = manifest.Object;
                var answer = await ApiObjects.CreateOrReplaceAsync(http, manifest, ct);
                PrunedFields.Of(sent, answer).Should().BeEmpty($"the API server kept every field of {manifest.Kind} {manifest.Name} ({manifest.Source})");
            }
        }
    }

    /// <summary>Namespaces made for one test, deleted after it (with everything in them).</summary>
    private sealed class TestNamespaces(HttpClient http, string[] names) : IAsyncDisposable
    {
        public static async Task<TestNamespaces> CreateAsync(HttpClient http, string[] names, CancellationToken ct)
        {
            var created = new TestNamespaces(http, names);
            foreach (var name in names)
            {
                await ApiObjects.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", ApiObjects.Namespace(name), ct);
            }

            return created;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var name in names)
            {
                using var _ = await http.DeleteAsync($"/api/v1/namespaces/{name}", CancellationToken.None);
            }
        }
    }
}
