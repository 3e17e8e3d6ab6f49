using Microsoft.Extensions.Logging;
using Rotator.Kubernetes;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Benchmarks;

/// <summary>
/// The benchmark's own clients, shared by every benchmark that loads a test bed: a Kubernetes client
/// with loader limits (a load generator, not the operator: it may push the API server hard, and the
/// operator counts only its own requests) and a Secrets Manager client for moto with a write budget far
/// above the operator's.
/// </summary>
public sealed class BenchClients : IDisposable
{
    private static readonly KubernetesApiOptions LoaderLimits = new() { Qps = 1000, Burst = 2000, UserAgent = "rotator-bench/0.1" };

    private readonly HttpClient awsHttp = new();

    /// <param name="kubeconfig">The kubeconfig file; null for KUBECONFIG, then ~/.kube/config.</param>
    /// <param name="context">Its context, or null for the current one.</param>
    /// <param name="region">Region of the Secrets Manager client.</param>
    /// <param name="awsEndpoint">Where Secrets Manager is (moto).</param>
    /// <param name="loggerFactory">Logs of the Kubernetes client.</param>
    public BenchClients(string? kubeconfig, string? context, string region, Uri awsEndpoint, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Kubeconfig = kubeconfig
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        Kube = KubernetesApiFactory.Create(Kubeconfig, context, LoaderLimits, TimeProvider.System, loggerFactory.CreateLogger<KubernetesApi>());
        Aws = new SecretsManagerClient(
            new AwsJsonClient(
                awsHttp,
                new StaticAwsCredentialSource(new AwsCredentials("testing", "testing")),
                new AwsClientOptions { WritesPerSecond = 1000, WriteBurst = 1000, UserAgent = "rotator-bench" }),
            AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = region, EndpointUrl = awsEndpoint }));
    }

    /// <summary>The kubeconfig file in use; the operator under test is given the same one.</summary>
    public string Kubeconfig { get; }

    public KubernetesApi Kube { get; }

    public SecretsManagerClient Aws { get; }

    public void Dispose()
    {
        Kube.Dispose();
        awsHttp.Dispose();
    }
}
