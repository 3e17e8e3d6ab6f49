using FluentAssertions;
using k8s;
using Rotator.Operator.Tests.Kubernetes.Config;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes.Exec;

/// <summary>
/// The KubernetesClient library's own exec-plugin support, as 21.0.8 has it: why the operator plugs in
/// its own token provider. Each test asserts the defect, so it fails (and tells us to reconsider) once
/// the library fixes it.
/// </summary>
public sealed class LibraryExecPluginDefectTests(TestbedFixture testbed) : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Library_splits_an_argument_containing_a_space_sends_kind_ExecCredentials_and_runs_the_plugin_twice_at_start()
    {
        var plugin = new ExecPluginScript(temp);
        var kubeconfig = ExecPluginApiServerTests.EksKubeconfig(temp, testbed.Kube, plugin, lifetimeSeconds: 600);

        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        plugin.Runs.Should().Be(1, "the library runs the plugin while it reads the kubeconfig");
        using var client = new k8s.Kubernetes(configuration);
        await client.CoreV1.ListNamespaceAsync(cancellationToken: TestContext.Current.CancellationToken);

        plugin.Runs.Should().Be(2, "and again for the first request");
        plugin.Args(1).Should().Equal(["eks", "get-token", "--cluster-name", "rotator", "test", "cluster"], "the library joins args into one command line");
        plugin.ExecInfo(1).Should().Contain("\"kind\":\"ExecCredentials\"", "the protocol's kind is ExecCredential");
    }
}
