using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Controllers;

/// <summary>A namespace of its own with the RotatingSecret CRD installed, a mirror and typed clients; deleting it cleans up.</summary>
internal sealed class MirrorBed : IAsyncDisposable
{
    private readonly KubernetesApi client;

    private MirrorBed(KubernetesApi client, string ns)
    {
        this.client = client;
        Ns = ns;
        Secrets = client.For(ResourceTypes.Secrets);
        Owners = client.For(RotatingSecretResource.Type);
        ConfigMaps = client.For(new ResourceType<V1ConfigMap>("", "v1", "configmaps", "ConfigMap", true));
        Mirror = new SecretMirror(Secrets);
    }

    public string Ns { get; }

    public ResourceApi<V1Secret> Secrets { get; }

    public ResourceApi<RotatingSecret> Owners { get; }

    public ResourceApi<V1ConfigMap> ConfigMaps { get; }

    public SecretMirror Mirror { get; }

    public static async Task<MirrorBed> CreateAsync(KubeServer kube, CancellationToken ct)
    {
        await CrdInstaller.EnsureAsync(kube, ct);
        var client = TestClients.Admin(kube);
        var ns = TestClients.UniqueName("mirror");
        await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        return new MirrorBed(client, ns);
    }

    /// <summary>A real RotatingSecret, so its uid is one the garbage collector can find.</summary>
    public Task<RotatingSecret> OwnerAsync(string name, TargetSpec? target, CancellationToken ct) =>
        Owners.CreateAsync(Ns, new RotatingSecret
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new RotatingSecretSpec { SecretId = $"{Ns}/{name}", Rotation = new RotationSpec { Strategy = RotationStrategy.None }, Target = target },
        }, ct);

    public async Task<V1Secret> GetAsync(string name, CancellationToken ct)
    {
        var secret = await Secrets.GetAsync(Ns, name, ct);
        secret.Should().NotBeNull($"Secret {Ns}/{name} should exist");
        return secret!;
    }

    public async ValueTask DisposeAsync()
    {
        await client.For(ResourceTypes.Namespaces).DeleteAsync(null, Ns, CancellationToken.None);
        client.Dispose();
    }
}
