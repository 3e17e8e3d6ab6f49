using FluentAssertions;
using k8s.Models;
using Rotator.Api;
using Rotator.KubectlPlugin;
using Rotator.Kubernetes;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Operator.Tests.Kubernetes.Config;
using Rotator.Operator.Tests.Kubernetes.Exec;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.KubectlPlugin;

/// <summary>
/// <c>kubectl rotator</c> with an EKS-shaped kubeconfig (an exec plugin given an argument containing a space
/// and its token through an env entry) against the test bed's API server; no operator runs, so a waiting
/// <c>rotate --wait</c> keeps polling while its short-lived token is refreshed.
/// </summary>
public sealed class ExecPluginKubeconfigTests(TestbedFixture testbed) : IDisposable
{
    private readonly TempDirectory temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Plugin_authenticates_through_the_exec_plugin_and_refreshes_its_token_while_it_waits()
    {
        await CrdInstaller.EnsureAsync(testbed.Kube, Ct);
        using var admin = TestClients.Admin(testbed.Kube);
        var ns = TestClients.UniqueName("plugin-exec");
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, Ct);
        try
        {
            await admin.For(RotatingSecretResource.Type).CreateAsync(ns, new RotatingSecret
            {
                Metadata = new V1ObjectMeta { Name = "orders-db" },
                Spec = new RotatingSecretSpec { SecretId = "shop/orders-db", Rotation = new RotationSpec { Strategy = RotationStrategy.None } },
            }, Ct);
            var plugin = new ExecPluginScript(temp);
            var kubeconfig = ExecPluginApiServerTests.EksKubeconfig(temp, testbed.Kube, plugin, lifetimeSeconds: 8);

            // Nothing handles the request, so --wait polls until its timeout: long enough to outlive the first token (kept 4 s).
            var (code, _, error) = await PluginRun.RunAsync(kubeconfig, "rotate", "orders-db", "-n", ns, "--wait", "--timeout", "12s");

            code.Should().Be(ExitCodes.Timeout, "every request was accepted until the wait gave up: {0}", error);
            error.Should().Contain("timed out");
            (await PluginRun.AnnotationAsync(testbed.Kube, ns, "orders-db", "rotator.io/rotate-now")).Should().NotBeNull("the request was written with the plugin's token");
            plugin.Runs.Should().BeGreaterThanOrEqualTo(2, "the token expired during the wait and was fetched again");
            ExecPluginApiServerTests.AssertRun(plugin, 1);
            ExecPluginApiServerTests.AssertRun(plugin, plugin.Runs);
        }
        finally
        {
            await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        }
    }
}
