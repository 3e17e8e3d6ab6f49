using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Kubernetes;
using Rotator.Operator.Tests.Kubernetes.Config;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes.Exec;

/// <summary>
/// An EKS-style kubeconfig (<c>aws eks get-token --cluster-name "…"</c>) against the test bed's API server:
/// the plugin gets an argument containing a space and an env entry, and its token expires, so it must be
/// run again. Built the way the operator builds its client.
/// </summary>
public sealed class ExecPluginApiServerTests(TestbedFixture testbed) : IDisposable
{
    private readonly TempDirectory temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Operator_client_runs_the_plugin_once_at_start_with_its_arguments_and_env_and_again_when_the_token_expires()
    {
        var plugin = new ExecPluginScript(temp);
        var kubeconfig = EksKubeconfig(temp, testbed.Kube, plugin, lifetimeSeconds: 20);
        using var api = KubernetesApiFactory.Create(kubeconfig, null, new KubernetesApiOptions(), TimeProvider.System, NullLogger.Instance);

        var namespaces = await api.For(ResourceTypes.Namespaces).ListAsync(null, null, Ct);
        await api.For(ResourceTypes.Namespaces).GetAsync(null, "default", Ct);

        namespaces.Items.Select(n => n.Metadata.Name).Should().Contain("default", "the API server accepted the plugin's token");
        plugin.Runs.Should().Be(1, "a fresh token is reused, and nothing ran the plugin while the kubeconfig was read");
        AssertRun(plugin, 1);

        // A 20 s token is kept for half its life, then the plugin runs again.
        await Task.Delay(TimeSpan.FromSeconds(10.5), Ct);
        await api.For(ResourceTypes.Namespaces).GetAsync(null, "default", Ct);
        plugin.Runs.Should().Be(2);
        AssertRun(plugin, 2);
    }

    /// <summary>What an EKS plugin needs: its arguments one by one, its env entry, and the ExecCredential protocol.</summary>
    internal static void AssertRun(ExecPluginScript plugin, int run)
    {
        plugin.Args(run).Should().Equal("eks", "get-token", "--cluster-name", "rotator test cluster");
        using var info = JsonDocument.Parse(plugin.ExecInfo(run));
        info.RootElement.GetProperty("kind").GetString().Should().Be("ExecCredential");
        info.RootElement.GetProperty("apiVersion").GetString().Should().Be("client.authentication.k8s.io/v1beta1");
        info.RootElement.GetProperty("spec").GetProperty("interactive").GetBoolean().Should().BeFalse();
    }

    /// <summary>
    /// A kubeconfig whose user is an exec plugin shaped like <c>aws eks get-token</c>: the token (the test
    /// bed's admin token) reaches the script only through the <c>env</c> entry, and the cluster name has spaces.
    /// </summary>
    internal static string EksKubeconfig(TempDirectory temp, KubeServer kube, ExecPluginScript plugin, int lifetimeSeconds) => temp.Write("eks.kubeconfig", $"""
        apiVersion: v1
        kind: Config
        current-context: eks
        clusters:
        - name: testbed
          cluster:
            server: {kube.Server}
            certificate-authority: {kube.CaFile}
        users:
        - name: eks
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: {plugin.Path}
              args: [eks, get-token, --cluster-name, "rotator test cluster"]
              env:
              - name: PLUGIN_API_VERSION
                value: client.authentication.k8s.io/v1beta1
              - name: PLUGIN_TOKENS
                value: "{kube.AdminToken}"
              - name: PLUGIN_LIFETIME
                value: "{lifetimeSeconds}"
              interactiveMode: Never
        contexts:
        - name: eks
          context: {"{"}cluster: testbed, user: eks{"}"}
        """);
}
