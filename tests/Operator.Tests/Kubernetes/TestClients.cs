using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Http;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Kubernetes;

/// <summary>The operator's client (the library's, with our handlers), pointed at a test bed API server (optionally through a proxy).</summary>
internal static class TestClients
{
    public static KubernetesApi Admin(KubeServer kube, Uri? via = null, KubernetesApiOptions? options = null, IKubernetesRequestObserver? observer = null) =>
        Create(kube, kube.AdminToken, via, options, observer);

    public static KubernetesApi User(KubeServer kube, Uri? via = null) => Create(kube, kube.UserToken, via, null);

    public static KubernetesApi Create(KubeServer kube, string token, Uri? via, KubernetesApiOptions? options, IKubernetesRequestObserver? observer = null)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(kube.CaFile);
        var configuration = new k8s.KubernetesClientConfiguration
        {
            Host = (via ?? kube.Server).ToString(),
            SslCaCerts = authorities,
            AccessToken = token,
        };
        return KubernetesApiFactory.Create(
            new ApiServerAccess(configuration, null, "test bed"),
            options ?? new KubernetesApiOptions { Qps = 200, Burst = 400 },
            TimeProvider.System,
            NullLogger.Instance,
            observer);
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];
}
