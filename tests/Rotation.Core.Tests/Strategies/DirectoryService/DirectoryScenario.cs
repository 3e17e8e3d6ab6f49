using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Strategies.Settings;
using Rotator.Rotation.Tests.Aws;
using Rotator.Rotation.Tests.Aws.DirectoryService;
using Rotator.Rotation.Tests.Engine;
using Rotator.Rotation.Tests.Strategies.MySql;
using Rotator.Testbed;
using Rotator.Testbed.Aws;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// One Directory Service rotation test's world: moto as Secrets Manager, the Directory Service stand-in in front of the
/// test bed's slapd (optionally behind a fault proxy), both reached through one AWS transport as in the operator, a
/// throw-away directory user, recorded passwords and captured logs, plus the checks every test needs.
/// </summary>
internal sealed class DirectoryScenario : IAsyncDisposable
{
    public const string DirectoryId = "d-1234567890";

    private readonly HttpClient http = new();
    private readonly TestbedFixture testbed;

    private DirectoryScenario(TestbedFixture testbed, AwsFaultProxyOptions? faults, AwsClientOptions? aws)
    {
        this.testbed = testbed;
        Transport = new AwsTransport(http, aws ?? MotoAws.Options, observer: AwsCalls);
        Secrets = MotoAws.SecretsManager(testbed.Moto, Transport);
        User = LdapTestUser.Create(testbed.Ldap);
        StandIn = DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap, DirectoryId)]);
        Proxy = faults is null ? null : AwsFaultProxy.Start(StandIn.Endpoint, faults);
        Directory = StandInAws.Client(StandIn, Transport, via: Proxy?.Url);
        Verifier = new LdapVerifier(new LdapVerifierOptions { ConnectTimeout = TimeSpan.FromSeconds(2) }, TimeProvider.System, Logs.For<LdapVerifier>());
        Settings = new DirectoryServiceRotationSettings
        {
            // ldap:// with StartTLS (the default for an ldap:// url), verified against the test bed's CA as the
            // operator's --ldap-ca-file would have it.
            VerifyUrls = [testbed.Ldap.Url.ToString()],
            CaFile = testbed.Ldap.CaFile,

            // slapd is not Active Directory: it takes DNs, not user@domain names.
            BindDn = $"uid={{username}},ou=people,{testbed.Ldap.BaseDn}",
        };
    }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public ISecretsManager Secrets { get; }

    public LdapTestUser User { get; }

    public DirectoryServiceStandIn StandIn { get; }

    /// <summary>The fault proxy between the Directory Service client and the stand-in, when the scenario has one.</summary>
    public AwsFaultProxy? Proxy { get; }

    /// <summary>The one transport of both services: signing, retries, the write budget.</summary>
    public AwsTransport Transport { get; }

    /// <summary>Every AWS call attempt of both services, as the operator's metrics see them.</summary>
    public InMemoryAwsCallObserver AwsCalls { get; } = new();

    public IDirectoryService Directory { get; }

    public ILdapVerifier Verifier { get; }

    public CapturedLogs Logs { get; } = new();

    public RecordingPasswords Passwords { get; } = new();

    public InMemoryRotationObserver Observer { get; } = new();

    public DirectoryServiceRotationSettings Settings { get; set; }

    /// <summary>testSecret gives up quickly: these tests are about outcomes, not about waiting.</summary>
    public DirectoryServiceAdminOptions Options { get; set; } = new()
    {
        BindRetryTimeout = TimeSpan.FromSeconds(1),
        BindRetryFirstDelay = TimeSpan.FromMilliseconds(50),
        BindRetryMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <param name="testbed">The test bed's moto and slapd.</param>
    /// <param name="faults">Puts an <see cref="AwsFaultProxy"/> with these options between Directory Service and its client.</param>
    /// <param name="aws">Retry and write budget settings of the transport; <see cref="MotoAws.Options"/> when null.</param>
    public static DirectoryScenario Start(TestbedFixture testbed, AwsFaultProxyOptions? faults = null, AwsClientOptions? aws = null) => new(testbed, faults, aws);

    /// <summary>The blog post's plain fields for the scenario's user, with <see cref="RotationScenario.UnknownFields"/> around them.</summary>
    public JsonObject PlainSecret(bool withDirectoryId = true)
    {
        var secret = new JsonObject { ["username"] = User.Uid, ["password"] = User.Password };
        if (withDirectoryId)
        {
            secret["directoryId"] = DirectoryId;
        }

        foreach (var (key, value) in RotationScenario.UnknownFields())
        {
            secret[key] = value?.DeepClone();
        }

        return secret;
    }

    /// <summary>EC2 seamless domain join's spelling, with <see cref="RotationScenario.UnknownFields"/> first.</summary>
    public JsonObject SeamlessSecret(bool withDirectoryId = false)
    {
        var secret = RotationScenario.UnknownFields();
        secret["awsSeamlessDomainUsername"] = User.Uid;
        secret["awsSeamlessDomainPassword"] = User.Password;
        if (withDirectoryId)
        {
            secret["awsSeamlessDomainDirectoryId"] = DirectoryId;
        }

        return secret;
    }

    public Task<SecretVersionReference> CreateSecretAsync(string prefix, string value) => CreateSecretAsync(prefix, SecretPayload.FromString(value));

    public async Task<SecretVersionReference> CreateSecretAsync(string prefix, SecretPayload value) =>
        await Secrets.CreateSecretAsync(new CreateSecretOptions(MotoAws.NewName($"rotator-test/ds/{prefix}")) { Value = value }, Token);

    public Task<SecretVersionReference> CreateSecretAsync(string prefix, JsonObject value) => CreateSecretAsync(prefix, value.ToJsonString());

    public DirectoryServiceAdminStrategy Strategy(ILdapVerifier? verifier = null) =>
        new(Directory, verifier ?? Verifier, Options, Logs.For<DirectoryServiceAdminStrategy>(), Settings);

    public RotationEngine Engine(IRotationFaultInjector? faults = null, TimeProvider? time = null) => new(Secrets, Observer, time, faults);

    public RotationRequest Request(string secretId, string? versionId = null, IPasswordSource? passwords = null) =>
        new() { SecretId = secretId, Passwords = passwords ?? Passwords, ResumeVersionId = versionId };

    public Task<RotationOutcome> RunAsync(string secretId, string? versionId = null, DirectoryServiceAdminStrategy? strategy = null, TimeProvider? time = null) =>
        Engine(time: time).RunAsync(Request(secretId, versionId), strategy ?? Strategy(), Token);

    /// <summary>The outcome of a simple bind as the scenario's user, straight to slapd.</summary>
    public async Task<LdapBindOutcome> BindAsync(string password) =>
        (await Verifier.VerifyBindAsync(new LdapDirectory([testbed.Ldap.Url]), User.Dn, password, Token)).Outcome;

    public async Task<JsonObject> JsonAsync(string secretId, SecretVersionSelector version) =>
        SecretJson.ParseObject(await Secrets.GetSecretValueAsync(secretId, version, Token));

    /// <summary>
    /// Every password this scenario knows (the user's first one and all generated ones) is absent from the logs, the
    /// observer's events, and the given outcomes and exceptions.
    /// </summary>
    public void ShouldNotLeak(params object?[] texts)
    {
        var haystack = string.Join(
            '\n',
            [
                Logs.Text,
                .. Observer.Events.Select(e => e.ToString()),
                .. texts.Select(t => t?.ToString() ?? string.Empty),
            ]);
        foreach (var secret in Passwords.Issued.Append(User.Password))
        {
            haystack.Should().NotContain(secret, "no log line, event, outcome or exception may contain a password");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await StandIn.DisposeAsync();
        User.Dispose();
        http.Dispose();
    }
}
