using FluentAssertions;
using Rotator.Kubernetes;
using Rotator.Operator.Tests.Kubernetes.Exec;

namespace Rotator.Operator.Tests.Kubernetes.Config;

/// <summary>
/// What the resolver adds to the library's kubeconfig reading: which files (explicit, KUBECONFIG merged,
/// home), the context, and exec users taken out of the library's hands (never run while reading).
/// </summary>
public sealed class KubernetesConfigurationResolverTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly Dictionary<string, string> env = new(StringComparer.Ordinal);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Merges_KUBECONFIG_files_with_the_first_definition_and_current_context_winning_and_skips_missing_ones()
    {
        var first = temp.Write("a/config", """
            current-context: dev
            clusters:
            - name: shared
              cluster: {server: "https://first.example:6443"}
            users:
            - name: dev-user
              user: {token: first-token}
            contexts:
            - name: dev
              context: {cluster: shared, user: dev-user}
            """);
        var second = temp.Write("b/config", """
            current-context: prod
            clusters:
            - name: shared
              cluster: {server: "https://second.example:6443"}
            users:
            - name: dev-user
              user: {token: second-token}
            contexts:
            - name: dev
              context: {cluster: shared, user: other, namespace: ignored}
            - name: prod
              context: {cluster: shared, user: dev-user, namespace: prod-ns}
            """);
        env["KUBECONFIG"] = $"{first}:{temp.Path}/missing/config:{second}";

        var dev = Resolver().Resolve();
        dev.Configuration.Host.Should().StartWith("https://first.example:6443");
        dev.Configuration.AccessToken.Should().Be("first-token");
        dev.Configuration.Namespace.Should().BeNull();
        dev.Source.Should().Be($"kubeconfig {first}, {second} (context dev)");

        // A context only the second file defines still sees the first file's cluster and user.
        var prod = Resolver().Resolve(context: "prod");
        prod.Configuration.Host.Should().StartWith("https://first.example:6443");
        prod.Configuration.AccessToken.Should().Be("first-token");
        prod.Configuration.Namespace.Should().Be("prod-ns");
    }

    [Fact]
    public void Home_kubeconfig_is_used_without_KUBECONFIG_and_nothing_to_use_is_explained()
    {
        var resolver = Resolver();
        resolver.Invoking(r => r.Resolve()).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"no Kubernetes configuration: not in a cluster * and no kubeconfig at {Path.Combine(temp.Path, "home", ".kube", "config")}*");

        temp.Write("home/.kube/config", """
            current-context: laptop
            clusters:
            - name: c
              cluster: {server: "https://laptop.example"}
            contexts:
            - name: laptop
              context: {cluster: c}
            """);
        resolver.Resolve().Source.Should().Be($"kubeconfig {Path.Combine(temp.Path, "home", ".kube", "config")} (context laptop)");
    }

    [Fact]
    public void A_missing_file_or_context_is_named()
    {
        var path = Path.Combine(temp.Path, "nowhere");
        Resolver().Invoking(r => r.Resolve(path)).Should().Throw<KubernetesConfigurationException>().WithMessage($"kubeconfig {path} does not exist");

        var config = temp.Write("config", "clusters: []\n");
        Resolver().Invoking(r => r.Resolve(config)).Should().Throw<KubernetesConfigurationException>().WithMessage($"{config}: no current-context; name a context");
        Resolver().Invoking(r => r.Resolve(config, "prod")).Should().Throw<KubernetesConfigurationException>().WithMessage($"{config}: context 'prod' not found");
    }

    [Fact]
    public async Task An_exec_user_gets_our_token_provider_and_its_plugin_is_not_run_while_reading()
    {
        var plugin = new ExecPluginScript(temp);
        var config = temp.Write("exec/config", $"""
            current-context: eks
            clusters:
            - name: eks
              cluster: {"{"}server: "https://eks.example", certificate-authority-data: {Convert.ToBase64String("PEM"u8.ToArray())}{"}"}
            users:
            - name: eks
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ../plugin/get-token.sh
                  args: [eks, get-token, --cluster-name, "my cluster"]
                  env:
                  - {"{"}name: PLUGIN_API_VERSION, value: client.authentication.k8s.io/v1{"}"}
                  provideClusterInfo: true
            contexts:
            - name: eks
              context: {"{"}cluster: eks, user: eks{"}"}
            """);

        var access = Resolver().Resolve(config);

        plugin.Runs.Should().Be(0, "the plugin runs on the first request, not while the kubeconfig is read");
        access.Exec.Should().NotBeNull();
        access.Configuration.TokenProvider.Should().BeSameAs(access.Exec);
        access.Exec!.Plugin.Command.Should().Be(Path.Combine(temp.Path, "exec", "../plugin/get-token.sh"), "a relative command is the kubeconfig folder's");
        access.Exec.Plugin.Args.Should().Equal("eks", "get-token", "--cluster-name", "my cluster");
        access.Exec.Plugin.Cluster!.Server.Should().Be(new Uri("https://eks.example"));
        access.ToString().Should().NotContain("PLUGIN_API_VERSION");

        (await access.Exec.GetTokenAsync(TestContext.Current.CancellationToken)).Should().Be("token-1");
        plugin.Args(1).Should().Equal("eks", "get-token", "--cluster-name", "my cluster");
    }

    [Fact]
    public void An_exec_env_entry_without_a_value_is_refused_without_quoting_it()
    {
        var config = temp.Write("config", """
            current-context: x
            clusters:
            - name: c
              cluster: {server: "https://x.example"}
            users:
            - name: u
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: aws
                  env:
                  - {name: AWS_SECRET_ACCESS_KEY}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            """);

        Resolver().Invoking(r => r.Resolve(config)).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"user 'u' in {config}: every exec env entry needs a name and a value");
    }

    private KubernetesConfigurationResolver Resolver() =>
        new(TimeProvider.System, key => env.TryGetValue(key, out var value) ? value : null, Path.Combine(temp.Path, "home"));
}
