using System.Text;
using System.Text.Json.Nodes;
using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Controllers.RotatingSecrets;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// One scenario on the failover API server: a fresh namespace with the CRD and <c>config/rbac/</c>
/// granted to the operator's identity, a direct Secrets Manager client on moto for the test, and a
/// recording proxy on moto for the operator replicas.
/// </summary>
internal sealed class FailoverBed : IAsyncDisposable
{
    private readonly HttpClient awsHttp = new();
    private readonly List<OperatorProcess> processes = [];

    private FailoverBed(KubeServer kube, string ns, MotoServer moto, AwsCallRecorder recorder)
    {
        Kube = kube;
        Namespace = ns;
        Recorder = recorder;
        Admin = TestClients.Admin(kube);
        Aws = new SecretsManagerClient(
            new AwsJsonClient(awsHttp, new StaticAwsCredentialSource(new AwsCredentials("testing", "testing")), new AwsClientOptions { WritesPerSecond = 1000, WriteBurst = 1000 }),
            AwsEndpointResolver.Resolve(AwsService.SecretsManager, new AwsEndpointSettings { Region = "us-east-1", EndpointUrl = moto.Url }));
    }

    public KubeServer Kube { get; }

    public string Namespace { get; }

    public KubernetesApi Admin { get; }

    /// <summary>The test's own client, straight to moto (not recorded).</summary>
    public ISecretsManager Aws { get; }

    /// <summary>What the operator replicas asked moto.</summary>
    public AwsCallRecorder Recorder { get; }

    public ResourceApi<RotatingSecret> RotatingSecrets => Admin.For(RotatingSecretResource.Type);

    /// <summary>Every replica process started so far (a snapshot).</summary>
    public IReadOnlyList<OperatorProcess> Processes
    {
        get
        {
            lock (processes)
            {
                return [.. processes];
            }
        }
    }

    public static async Task<FailoverBed> CreateAsync(KubeServer kube, MotoServer moto, string prefix, CancellationToken ct)
    {
        await CrdInstaller.EnsureAsync(kube, ct);
        var ns = TestClients.UniqueName(prefix);
        var bed = new FailoverBed(kube, ns, moto, await AwsCallRecorder.StartAsync(moto.Url));
        await bed.Admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        await OperatorRbac.GrantAsync(kube, ns, ct);
        return bed;
    }

    /// <summary>Starts a replica whose AWS calls go through <see cref="Recorder"/>.</summary>
    public OperatorProcess StartOperator(string podName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = OperatorProcess.Start(podName, new OperatorProcessSettings(Kube, Namespace, Recorder.Url)
        {
            Arguments = arguments,
            Environment = environment ?? new Dictionary<string, string>(),
        });
        lock (processes)
        {
            processes.Add(process);
        }

        return process;
    }

    /// <summary>An AWS secret (allowed by the default tenancy policy) and a RandomValue RotatingSecret that rotates only on request.</summary>
    public async Task<string> CreateRandomValueAsync(string name, CancellationToken ct, IDictionary<string, string>? annotations = null)
    {
        var secretId = $"{Namespace}/{name}";
        await Aws.CreateSecretAsync(new CreateSecretOptions(secretId) { Value = SecretPayload.FromString($"initial-{Guid.NewGuid():N}") }, ct);
        await RotatingSecrets.CreateAsync(Namespace, new RotatingSecret
        {
            Metadata = new V1ObjectMeta { Name = name, Annotations = annotations },
            Spec = new RotatingSecretSpec
            {
                SecretId = secretId,
                Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue },
                RefreshInterval = "10s",
            },
        }, ct);
        return secretId;
    }

    /// <summary>Requests one rotation the way a user does: a new value of the rotate-now annotation.</summary>
    public Task RequestRotationAsync(string name, string value, CancellationToken ct) =>
        RotatingSecrets.PatchAsync(
            Namespace,
            name,
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.RotateNow] = value } } },
            V1Patch.PatchType.MergePatch,
            ct);

    /// <summary>
    /// Null when <paramref name="name"/> is Ready, has no rotation in flight and its Secret holds exactly
    /// AWSCURRENT (version and value); otherwise what differs (never a value).
    /// </summary>
    public async Task<string?> DivergenceAsync(string name, CancellationToken ct)
    {
        var resource = await RotatingSecrets.GetAsync(Namespace, name, ct);
        var current = await Aws.GetSecretValueAsync($"{Namespace}/{name}", SecretVersionSelector.Current, ct);
        var secret = await Admin.For(ResourceTypes.Secrets).GetAsync(Namespace, name, ct);
        if (resource?.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready) is not { Status: "True" })
        {
            return $"{name}: not Ready ({resource?.Status?.Conditions?.FirstOrDefault(c => c.Type == ConditionTypes.Ready)?.Message})";
        }

        if (resource.Status.Rotation is not null)
        {
            return $"{name}: rotation {resource.Status.Rotation.VersionId} still in flight";
        }

        if (resource.Status.CurrentVersionId != current.VersionId)
        {
            return $"{name}: status names version {resource.Status.CurrentVersionId}, AWSCURRENT is {current.VersionId}";
        }

        string? mirroredVersion = null;
        byte[]? mirrored = null;
        _ = secret?.Metadata.Annotations?.TryGetValue(MirrorLabels.VersionId, out mirroredVersion);
        _ = secret?.Data?.TryGetValue(SecretDataRenderer.WholeValueKey, out mirrored);
        if (mirroredVersion != current.VersionId)
        {
            return $"{name}: Secret holds version {mirroredVersion ?? "(none)"}, AWSCURRENT is {current.VersionId}";
        }

        return mirrored is not null && Encoding.UTF8.GetString(mirrored) == current.SecretString
            ? null
            : $"{name}: the Secret's '{SecretDataRenderer.WholeValueKey}' differs from AWSCURRENT's value";
    }

    /// <summary>The last lines of every replica, for failure messages.</summary>
    public string Logs() => string.Join('\n', Processes.Select(p => p.Tail()));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Processes)
        {
            process.Dispose();
        }

        try
        {
            await Admin.For(ResourceTypes.Namespaces).DeleteAsync(null, Namespace, CancellationToken.None);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException)
        {
            // Best effort: the API server is private to these tests and goes away with them.
        }

        await Recorder.DisposeAsync();
        Admin.Dispose();
        awsHttp.Dispose();
    }
}
