using FluentAssertions;
using Rotator.Operator.Kubernetes.Config;

namespace Rotator.Operator.Tests.Kubernetes.Config;

public sealed class InClusterConfigLoaderTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly TestPki pki = new();
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose()
    {
        temp.Dispose();
        pki.Dispose();
    }

    [Fact]
    public async Task Loads_server_ca_rotating_token_and_namespace_from_the_service_account_folder()
    {
        var tokenFile = WriteServiceAccount();
        var loader = Loader(("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443"));

        loader.IsAvailable().Should().BeTrue();
        var configuration = loader.Load();

        configuration.Server.Should().Be(new Uri("https://10.96.0.1:443"));
        configuration.CertificateAuthorities.Should().ContainSingle().Which.Thumbprint.Should().Be(pki.Ca.Thumbprint);
        configuration.Namespace.Should().Be("rotator-system");
        configuration.Source.Should().Be("in-cluster");
        (await configuration.Token!.GetTokenAsync(CancellationToken.None)).Should().Be("sa-token-1");

        // The kubelet rotates the token on disk; the source notices within a minute.
        File.WriteAllText(tokenFile, "sa-token-2");
        time.Advance(TimeSpan.FromMinutes(1));
        (await configuration.Token.GetTokenAsync(CancellationToken.None)).Should().Be("sa-token-2");
    }

    [Fact]
    public void Ipv6_service_host_is_bracketed()
    {
        WriteServiceAccount();

        Loader(("KUBERNETES_SERVICE_HOST", "fd00:10:96::1"), ("KUBERNETES_SERVICE_PORT", "443")).Load()
            .Server.Should().Be(new Uri("https://[fd00:10:96::1]:443"));
    }

    [Fact]
    public void Not_available_without_the_service_host_or_the_token()
    {
        Loader(("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443")).IsAvailable().Should().BeFalse();
        WriteServiceAccount();
        Loader().IsAvailable().Should().BeFalse();
        Loader().Invoking(l => l.Load()).Should().Throw<KubernetesConfigurationException>()
            .WithMessage("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must both be set");
    }

    [Fact]
    public void Missing_ca_is_named()
    {
        temp.Write("sa/token", "t");

        Loader(("KUBERNETES_SERVICE_HOST", "10.96.0.1"), ("KUBERNETES_SERVICE_PORT", "443"))
            .Invoking(l => l.Load()).Should().Throw<KubernetesConfigurationException>()
            .WithMessage($"in-cluster: CA {Path.Combine(temp.Path, "sa", "ca.crt")} cannot be read: *");
    }

    private string WriteServiceAccount()
    {
        temp.Write("sa/ca.crt", pki.CaPem);
        temp.Write("sa/namespace", "rotator-system");
        return temp.Write("sa/token", "sa-token-1");
    }

    private InClusterConfigLoader Loader(params (string Key, string Value)[] env) =>
        new(time, key => env.FirstOrDefault(e => e.Key == key).Value, Path.Combine(temp.Path, "sa"));
}
