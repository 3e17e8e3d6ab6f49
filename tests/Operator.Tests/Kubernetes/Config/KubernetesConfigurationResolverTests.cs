using FluentAssertions;
using Rotator.Operator.Kubernetes.Config;

namespace Rotator.Operator.Tests.Kubernetes.Config;

public sealed class KubernetesConfigurationResolverTests : IDisposable
{
    private const string Kubeconfig = """
        current-context: laptop
        clusters:
        - name: c
          cluster: {server: "https://laptop.example"}
        - name: other
          cluster: {server: "https://other.example"}
        contexts:
        - name: laptop
          context: {cluster: c}
        - name: other
          context: {cluster: other}
        """;

    private readonly TempDirectory temp = new();
    private readonly TestPki pki = new();
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<string, string> env = new(StringComparer.Ordinal);

    public void Dispose()
    {
        temp.Dispose();
        pki.Dispose();
    }

    [Fact]
    public void In_cluster_wins_over_kubeconfig_when_running_in_a_pod()
    {
        InPod();
        env["KUBECONFIG"] = temp.Write("config", Kubeconfig);

        Resolver().Resolve().Source.Should().Be("in-cluster");
    }

    [Fact]
    public void Explicit_kubeconfig_or_context_wins_over_in_cluster()
    {
        InPod();
        var path = temp.Write("config", Kubeconfig);
        env["KUBECONFIG"] = path;

        Resolver().Resolve(path).Source.Should().Be($"kubeconfig {path} (context laptop)");
        Resolver().Resolve(context: "other").Server.Host.Should().Be("other.example");
    }

    [Fact]
    public void Outside_a_pod_KUBECONFIG_then_home_are_used()
    {
        temp.Write("home/.kube/config", Kubeconfig);
        Resolver().Resolve().Source.Should().Be($"kubeconfig {Path.Combine(temp.Path, "home", ".kube", "config")} (context laptop)");

        var path = temp.Write("elsewhere", Kubeconfig.Replace("laptop.example", "env.example", StringComparison.Ordinal));
        env["KUBECONFIG"] = path;
        Resolver().Resolve().Server.Host.Should().Be("env.example");
    }

    [Fact]
    public void Nothing_to_use_is_explained()
    {
        env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";

        Resolver().Invoking(r => r.Resolve()).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"no Kubernetes configuration: not in a cluster (KUBERNETES_SERVICE_HOST unset or no token in {Path.Combine(temp.Path, "sa")}) and no kubeconfig at {Path.Combine(temp.Path, "home", ".kube", "config")}*");
    }

    private void InPod()
    {
        env["KUBERNETES_SERVICE_HOST"] = "10.96.0.1";
        env["KUBERNETES_SERVICE_PORT"] = "443";
        temp.Write("sa/token", "t");
        temp.Write("sa/ca.crt", pki.CaPem);
    }

    private KubernetesConfigurationResolver Resolver()
    {
        string? Lookup(string key) => env.TryGetValue(key, out var value) ? value : null;
        return new KubernetesConfigurationResolver(
            new KubeconfigLoader(time, Lookup, Path.Combine(temp.Path, "home")),
            new InClusterConfigLoader(time, Lookup, Path.Combine(temp.Path, "sa")));
    }
}
