using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Config;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>Our own client, pointed at a test bed API server (optionally through a proxy).</summary>
internal static class TestClients
{
    public static KubernetesClient Admin(KubeServer kube, Uri? via = null, KubernetesClientOptions? options = null, IKubernetesRequestObserver? observer = null) =>
        Create(kube, kube.AdminToken, via, options, observer);

    public static KubernetesClient User(KubeServer kube, Uri? via = null) => Create(kube, kube.UserToken, via, null);

    public static KubernetesClient Create(KubeServer kube, string token, Uri? via, KubernetesClientOptions? options, IKubernetesRequestObserver? observer = null)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(kube.CaFile);
        return new KubernetesClient(
            new KubernetesClientConfiguration { Server = via ?? kube.Server, CertificateAuthorities = authorities, Token = new StaticTokenSource(token) },
            options ?? new KubernetesClientOptions { Qps = 200, Burst = 400 },
            TimeProvider.System,
            NullLogger<KubernetesClient>.Instance,
            observer);
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
}
