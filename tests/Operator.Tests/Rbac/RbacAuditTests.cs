using FluentAssertions;
using Rotator.Operator.Tests.Chart;
using Rotator.Operator.Tests.EndToEnd;
using Rotator.Operator.Tests.Failover;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Operator.Tests.Kubernetes.Config;
using Rotator.Operator.Tests.Testbed;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Rbac;

/// <summary>
/// Least privilege, proven by the API server's audit log: the chart's RBAC is installed for real (namespaced Roles,
/// or the cluster-wide ClusterRole), the operator runs as the chart's ServiceAccount with the chart's arguments through
/// <see cref="PermissionScenario"/>, and then no request of that ServiceAccount was denied, and every verb on every
/// resource the chart grants was used, or is in <see cref="Unexercised"/> with the feature that needs it. A grant added
/// to the chart that nothing uses fails here.
/// </summary>
public sealed class RbacAuditTests(TestbedFixture testbed, AuditedKube cluster) : IClassFixture<AuditedKube>
{
    /// <summary>Grants the scenario cannot show in the audit log, each with the feature that needs it and why it is not exercised.</summary>
    private static readonly Dictionary<Permission, string> Unexercised = new()
    {
    };

    [Fact]
    public Task Namespaced_rbac_grants_exactly_what_the_operator_uses_and_denies_it_nothing() => ProveAsync(namespaced: true);

    [Fact]
    public Task Cluster_wide_rbac_grants_exactly_what_the_operator_uses_and_denies_it_nothing() => ProveAsync(namespaced: false);

    private async Task ProveAsync(bool namespaced)
    {
        var ct = TestContext.Current.CancellationToken;
        var kube = cluster.Kube;
        using var http = KubeApiServerSmokeTests.Client(kube, kube.AdminToken);
        using var scratch = new TempDirectory();
        var releaseNamespace = TestClients.UniqueName(namespaced ? "rbac-ns" : "rbac-cw");
        await ApiObjects.SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", ApiObjects.Namespace(releaseNamespace), ct);
        await using var h = await OperatorHarness.CreateUngrantedAsync(testbed, kube, "rbac", ct);
        try
        {
            var rendering = await HelmChart.RenderOkAsync(
                ["-namespace", releaseNamespace, "--kube-version", "v1.20.2", .. namespaced ? ["--set", $"rbac.scope=namespaced,watchNamespaces={{{h.Namespace}}}"] : Array.Empty<string>()]);
            var release = await ChartRelease.InstallAsync(kube, rendering, releaseNamespace, scratch.Path, ct);
            // The harness watches its own namespace unless told otherwise; cluster-wide, the chart says nothing (= all).
            string[] args = [.. release.OperatorArgs, .. namespaced ? Array.Empty<string>() : ["--namespaces="]];
            // A denied request usually shows as a feature that never finishes: the denials are the better failure message.
            var scenario = await CatchAsync(new PermissionScenario(h).RunAsync(services => h.StartAsync(ct, services, args), ct));
            await h.StopAsync();

            var requests = AuditLog.Requests(cluster.AuditLogPath).Where(r => r.User == release.UserName && r.Stage != "ResponseStarted").ToList();
            requests.Should().NotBeEmpty("the audit log records the ServiceAccount's requests (else nothing below is proven)");
            requests.Where(r => r.Code is 401 or 403).Select(r => $"{r.Verb} {r.RequestUri} -> {r.Code}")
                .Should().BeEmpty("the chart's RBAC must allow every request the operator makes");
            scenario?.Throw();

            var granted = Permission.GrantedBy(rendering);
            var used = requests.Select(Permission.Of).ToHashSet();
            TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', requests.GroupBy(Permission.Of).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal)
                .Select(g => $"{g.Key}: {g.Count()} ({string.Join(", ", g.GroupBy(r => r.Code).Select(c => $"{c.Key}x{c.Count()}"))})")));
            used.Except(granted).Should().BeEmpty("every request the operator makes is covered by a rule of the chart");
            Unexercised.Keys.Except(granted).Should().BeEmpty("the list of unexercised grants names only grants the chart has");
            granted.Except(used).Except(Unexercised.Keys).Should().BeEmpty(
                "every grant is used by the scenario or listed in Unexercised with the feature that needs it; a grant nothing uses should go");
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{requests.Count} requests of {release.UserName}; {granted.Count} grants: {granted.Intersect(used).Count()} used, {Unexercised.Count} listed as unexercised");
        }
        finally
        {
            using var _ = await http.DeleteAsync($"/api/v1/namespaces/{releaseNamespace}", CancellationToken.None);
        }
    }

    private static async Task<System.Runtime.ExceptionServices.ExceptionDispatchInfo?> CatchAsync(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or Xunit.Sdk.XunitException)
        {
            return System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
        }
    }
}
