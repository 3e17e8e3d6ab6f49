using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Config;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes.Config;

/// <summary>
/// Configurations loaded by our own loaders, used by our own client, against the test bed's real
/// kube-apiserver (token authentication, RBAC on).
/// </summary>
public sealed class KubeconfigApiServerTests(TestbedFixture testbed) : IDisposable
{
    private readonly TempDirectory temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Admin_kubeconfig_lists_namespaces()
    {
        var kube = testbed.Kube;
        var configuration = Loader().Load(kube.AdminKubeconfig);

        configuration.Server.Should().Be(kube.Server);
        configuration.Namespace.Should().Be("default");
        using var client = Client(configuration);
        var namespaces = await client.For(ResourceTypes.Namespaces).ListAsync(null, null, Ct);

        namespaces.Items.Select(n => n.Metadata.Name).Should().Contain(["default", "kube-system"]);
    }

    [Fact]
    public async Task Exec_plugin_printing_the_admin_token_authenticates()
    {
        var kube = testbed.Kube;
        var plugin = new ExecPluginScript(temp);
        var configuration = Loader().Load(ExecKubeconfig(plugin, ExecCredentialPlugin.V1Beta1, kube.AdminToken));
        using var client = Client(configuration);

        var namespaces = await client.For(ResourceTypes.Namespaces).ListAsync(null, null, Ct);
        await client.For(ResourceTypes.Namespaces).ListAsync(null, null, Ct);

        namespaces.Items.Should().Contain(n => n.Metadata.Name == "default");
        plugin.Runs.Should().Be(1, "the token has no expiry, so it is cached");
    }

    [Fact]
    public async Task Refused_exec_token_is_invalidated_and_the_retry_runs_the_plugin_once_more()
    {
        var kube = testbed.Kube;
        var plugin = new ExecPluginScript(temp);
        var configuration = Loader().Load(ExecKubeconfig(plugin, ExecCredentialPlugin.V1, $"not-a-valid-token {kube.AdminToken}"));
        using var client = Client(configuration);

        var namespaces = await client.For(ResourceTypes.Namespaces).ListAsync(null, null, Ct);
        await client.For(ResourceTypes.Namespaces).ListAsync(null, null, Ct);

        namespaces.Items.Should().Contain(n => n.Metadata.Name == "default");
        plugin.Runs.Should().Be(2);
    }

    [Fact]
    public async Task Plain_identity_is_forbidden_and_the_error_names_verb_and_resource()
    {
        var kube = testbed.Kube;
        using var client = Client(Loader().Load(kube.UserKubeconfig));

        var error = await client.Invoking(c => c.For(ResourceTypes.Namespaces).ListAsync(null, null, Ct))
            .Should().ThrowAsync<ForbiddenException>();

        error.Which.Verb.Should().Be("list");
        error.Which.Resource.Should().Be("namespaces");
        error.Which.Message.Should().StartWith("list namespaces: 403 Forbidden: ").And.Contain(kube.UserName);
        error.Which.Message.Should().NotContain(kube.UserToken);
    }

    private static KubeconfigLoader Loader() => new(TimeProvider.System, _ => null, "/nonexistent");

    private static KubernetesClient Client(KubernetesClientConfiguration configuration) =>
        new(configuration, new KubernetesClientOptions(), TimeProvider.System, NullLogger<KubernetesClient>.Instance);

    private string ExecKubeconfig(ExecPluginScript plugin, string apiVersion, string tokens) => temp.Write("exec.kubeconfig", $"""
        apiVersion: v1
        kind: Config
        current-context: exec
        clusters:
        - name: testbed
          cluster:
            server: {testbed.Kube.Server}
            certificate-authority: {testbed.Kube.CaFile}
        users:
        - name: plugin
          user:
        {plugin.KubeconfigUser(apiVersion, tokens)}
        contexts:
        - name: exec
          context: {"{"}cluster: testbed, user: plugin{"}"}
        """);
}
