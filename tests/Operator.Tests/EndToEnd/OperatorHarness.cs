using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Hosting;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Metrics;
using Rotator.Operator.Tests.Hosting;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// One end-to-end scenario: a fresh namespace, the operator running in process under the test bed's
/// plain identity bound (by RoleBinding in that namespace) to exactly <c>config/rbac/</c>, watching only
/// that namespace, against the real API server, controller manager and moto. Everything the test does
/// to Kubernetes goes through the API as kubectl would.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public const string Region = "us-east-1";

    private readonly TestbedFixture testbed;
    private readonly KubeServer kube;
    private readonly HttpClient awsHttp = new();
    private InProcessOperator? running;
    private int starts;

    private OperatorHarness(TestbedFixture testbed, KubeServer kube, string ns)
    {
        this.testbed = testbed;
        this.kube = kube;
        Namespace = ns;
        Admin = TestClients.Admin(kube);
        Aws = new SecretsManagerClient(
            new AwsJsonClient(awsHttp, new StaticAwsCredentialSource(Credentials), new AwsClientOptions { WritesPerSecond = 1000, WriteBurst = 1000 }),
            AwsEndpointResolver.Resolve(AwsService.SecretsManager, Endpoints(testbed.Moto.Url, Region)));
    }

    public static AwsCredentials Credentials { get; } = new("testing", "testing");

    public string Namespace { get; }

    public KubernetesApi Admin { get; }

    /// <summary>The test's own Secrets Manager client (setup and out-of-band changes).</summary>
    public ISecretsManager Aws { get; }

    /// <summary>The test's own Secrets Manager client in another region (resources whose spec names it).</summary>
    public ISecretsManager AwsIn(string region) => new SecretsManagerClient(
        new AwsJsonClient(awsHttp, new StaticAwsCredentialSource(Credentials), new AwsClientOptions { WritesPerSecond = 1000, WriteBurst = 1000 }),
        AwsEndpointResolver.Resolve(AwsService.SecretsManager, Endpoints(testbed.Moto.Url, region)));

    public ResourceApi<RotatingSecret> RotatingSecrets => Admin.For(RotatingSecretResource.Type);

    public ResourceApi<V1Secret> Secrets => Admin.For(ResourceTypes.Secrets);

    /// <summary>Every line the operator logged, across restarts.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>A Directory Service stand-in the operator should call (DirectoryServiceAdmin scenarios); set before starting.</summary>
    public Rotator.Testbed.DirectoryService.DirectoryServiceStandIn? Directory { get; set; }

    /// <summary>Where the operator sends its Secrets Manager calls (a fault proxy); moto when null. Set before starting.</summary>
    public Uri? AwsEndpoint { get; set; }

    /// <summary>The operator's AWS retry and timeout settings (a short attempt timeout); the defaults when null. Set before starting.</summary>
    public AwsClientOptions? AwsOptions { get; set; }

    /// <summary>First retry delay of a failed rotation, shorter than the default 30 s; the default when null. Set before starting.</summary>
    public TimeSpan? RotationRetryDelay { get; set; }

    public InProcessOperator Operator => running ?? throw new InvalidOperationException("the operator is not running");

    public static async Task<OperatorHarness> CreateAsync(TestbedFixture testbed, string prefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(testbed);
        var harness = await CreateUngrantedAsync(testbed, testbed.Kube, prefix, ct);
        await OperatorRbac.GrantAsync(testbed.Kube, harness.Namespace, ct);
        return harness;
    }

    /// <summary>
    /// On <paramref name="kube"/> (a dedicated API server) with no permissions granted: the operator runs as
    /// <paramref name="kube"/>'s <see cref="KubeServer.UserKubeconfig"/>, whose rules the caller installs.
    /// </summary>
    public static async Task<OperatorHarness> CreateUngrantedAsync(TestbedFixture testbed, KubeServer kube, string prefix, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(testbed);
        ArgumentNullException.ThrowIfNull(kube);
        await CrdInstaller.EnsureAsync(kube, ct);
        var harness = new OperatorHarness(testbed, kube, TestClients.UniqueName(prefix));
        await harness.Admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = harness.Namespace } }, ct);
        return harness;
    }

    /// <summary>An AWS secret name the default tenancy policy allows in this namespace.</summary>
    public string SecretName(string name) => $"{Namespace}/{name}-{Guid.NewGuid():N}"[..Math.Min(Namespace.Length + name.Length + 10, 200)];

    public Task<string> CreateAwsSecretAsync(string name, string value, CancellationToken ct) =>
        CreateAwsSecretAsync(name, SecretPayload.FromString(value), ct);

    /// <summary>A secret whose value is <c>SecretBinary</c>.</summary>
    public Task<string> CreateAwsSecretAsync(string name, byte[] value, CancellationToken ct) =>
        CreateAwsSecretAsync(name, SecretPayload.FromBytes(value), ct);

    private async Task<string> CreateAwsSecretAsync(string name, SecretPayload value, CancellationToken ct)
    {
        var id = SecretName(name);
        await Aws.CreateSecretAsync(new CreateSecretOptions(id) { Value = value }, ct);
        return id;
    }

    /// <summary>Starts (or restarts) the operator; <paramref name="services"/> may replace parts (a test strategy factory).</summary>
    public async Task<InProcessOperator> StartAsync(CancellationToken ct, Action<IServiceCollection>? services = null, params string[] args)
    {
        var identity = $"e2e-{++starts}";
        running = await InProcessOperator.StartAsync(
            kube,
            Namespace,
            "rotator-leader",
            identity,
            builder =>
            {
                builder.Logging.AddProvider(Logs);
                // With a Directory Service stand-in, the operator signs with the stand-in's keys (moto takes any).
                var identity = Directory is { } ds
                    ? new StaticAwsCredentialSource(new AwsCredentials(ds.Options.AccessKeyId, ds.Options.SecretAccessKey))
                    : new StaticAwsCredentialSource(Credentials);
                builder.Services.AddRotatingSecrets(identity, region => Endpoints(AwsEndpoint ?? testbed.Moto.Url, region ?? Region) with
                {
                    ServiceEndpointUrls = Directory is { } d ? new Dictionary<AwsService, Uri> { [AwsService.DirectoryService] = d.Endpoint } : new Dictionary<AwsService, Uri>(),
                });
                if (AwsOptions is { } aws)
                {
                    builder.Services.AddSingleton(provider => new AwsTransport(
                        new HttpClient(), aws, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<RotatorMetrics>()));
                }

                if (RotationRetryDelay is { } retry)
                {
                    builder.Services.AddSingleton(provider => RotatingSecretOptions.From(provider.GetRequiredService<OperatorOptions>()) with { RetryDelay = retry });
                }

                services?.Invoke(builder.Services);
            },
            ["--kubeconfig", kube.UserKubeconfig, "--namespaces", Namespace, "--lease-duration", "4s", "--renew-deadline", "3s", "--retry-period", "1s", .. args]);
        if (running.Completion.IsCompleted)
        {
            throw new InvalidOperationException($"the operator stopped at start with exit code {await running.Completion}:\n{string.Join('\n', Logs.Lines.TakeLast(20))}");
        }

        return running;
    }

    public async Task StopAsync()
    {
        if (running is not null)
        {
            await running.DisposeAsync();
            running = null;
        }
    }

    public Task<RotatingSecret> CreateAsync(string name, RotatingSecretSpec spec, CancellationToken ct, IDictionary<string, string>? annotations = null) =>
        RotatingSecrets.CreateAsync(Namespace, new RotatingSecret { Metadata = new V1ObjectMeta { Name = name, Annotations = annotations }, Spec = spec }, ct);

    /// <summary>Polls the resource until <paramref name="condition"/> holds; fails with its last status.</summary>
    public async Task<RotatingSecret> WaitAsync(string name, Func<RotatingSecret, bool> condition, TimeSpan within, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        RotatingSecret? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await RotatingSecrets.GetAsync(Namespace, name, ct);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(250, ct);
        }

        var status = last?.Status is null ? "no status" : JsonSerializer.Serialize(last.Status, ResourcesJsonContext.Default.RotatingSecretStatus);
        throw new TimeoutException($"{what}: not within {within}; last status: {status}");
    }

    public static bool IsReady(RotatingSecret resource) => Condition(resource, ConditionTypes.Ready) is { Status: "True" };

    public static Condition? Condition(RotatingSecret resource, string type) => resource.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public async Task<IReadOnlyList<Eventsv1Event>> EventsAsync(CancellationToken ct) =>
        [.. (await Admin.For(ResourceTypes.Events).ListAsync(Namespace, null, ct)).Items];

    /// <summary>
    /// The canary: no value the test generated or AWS holds may appear in the operator's log, any event,
    /// any RotatingSecret status, or <c>/metrics</c>.
    /// </summary>
    public async Task AssertNothingLeaksAsync(IEnumerable<string> values, CancellationToken ct)
    {
        var canaries = values.Where(v => v.Length >= 8).Distinct().ToList();
        if (canaries.Count == 0)
        {
            throw new InvalidOperationException("the canary check needs the values to look for");
        }

        var haystacks = new List<(string Where, string Text)>();
        haystacks.AddRange(Logs.Lines.Select(line => ("log", line)));
        haystacks.AddRange((await EventsAsync(ct)).Select(e => ("event", KubernetesJson.Serialize(e))));
        foreach (var resource in (await RotatingSecrets.ListAsync(Namespace, null, ct)).Items)
        {
            haystacks.Add(("status", JsonSerializer.Serialize(resource.Status ?? new RotatingSecretStatus(), ResourcesJsonContext.Default.RotatingSecretStatus)));
        }

        if (running is not null)
        {
            haystacks.Add(("metrics", (await running.GetAsync("/metrics")).Body));
        }

        foreach (var canary in canaries)
        {
            var hit = haystacks.FirstOrDefault(h => h.Text.Contains(canary, StringComparison.Ordinal));
            if (hit.Text is not null)
            {
                // Say where, never what: the failure message must not leak the value either.
                throw new Xunit.Sdk.XunitException($"a secret value ({canary.Length} characters) appeared in the operator's {hit.Where}");
            }
        }
    }

    /// <summary>Every value of every version of <paramref name="secretId"/> in AWS (the canaries).</summary>
    public async Task<IReadOnlyList<string>> AllValuesAsync(string secretId, CancellationToken ct)
    {
        var values = new List<string>();
        var versions = await Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct);
        foreach (var version in versions.Versions)
        {
            var value = await Aws.GetSecretValueAsync(secretId, SecretVersionSelector.ById(version.VersionId), ct);
            // A binary value would leak as base64 (the only way bytes reach JSON, logs or events).
            values.Add(value.SecretString ?? (value.SecretBinary is { } bytes ? Convert.ToBase64String(bytes) : ""));
            if (value.SecretString is { } text && TryParseObject(text) is { } json)
            {
                using (json)
                {
                    values.AddRange(json.RootElement.EnumerateObject().Where(p => p.Name.Contains("password", StringComparison.OrdinalIgnoreCase) || p.Name == "apiKey")
                        .Select(p => p.Value.ToString()));
                }
            }
        }

        return values;
    }

    /// <summary>A JSON object, or null: a random plain value may well start with '{' (CI once drew one).</summary>
    private static JsonDocument? TryParseObject(string text)
    {
        try
        {
            var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                return json;
            }

            json.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            await Admin.For(ResourceTypes.Namespaces).DeleteAsync(null, Namespace, CancellationToken.None);
        }
        catch (KubernetesApiException)
        {
            // Best effort: a namespace left behind does not affect other tests, which use their own.
        }

        Admin.Dispose();
        awsHttp.Dispose();
    }

    private static AwsEndpointSettings Endpoints(Uri url, string region) => new() { Region = region, EndpointUrl = url };
}
