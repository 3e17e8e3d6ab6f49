using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>Our clients pointed at the test bed's moto, with the dummy credentials moto accepts.</summary>
internal static class MotoAws
{
    public const string Region = "us-east-1";

    /// <summary>moto's default account, which the dummy credentials map to.</summary>
    public const string Account = "123456789012";

    public static AwsCredentials Credentials { get; } = new("testing", "testing");

    /// <summary>Options for tests: quick backoff, and a generous write budget so only the tests about it wait.</summary>
    public static AwsClientOptions Options { get; } = new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(5),
        ThrottlingBaseDelay = TimeSpan.FromMilliseconds(5),
        WritesPerSecond = 1000,
        WriteBurst = 1000,
    };

    public static AwsEndpointSettings Settings(MotoServer moto) => new() { Region = Region, EndpointUrl = moto.Url };

    public static AwsServiceEndpoint Endpoint(MotoServer moto, AwsService service) => AwsEndpointResolver.Resolve(service, Settings(moto));

    public static SecretsManagerClient SecretsManager(
        MotoServer moto,
        HttpClient http,
        AwsClientOptions? options = null,
        TimeProvider? time = null,
        IAwsCallObserver? observer = null,
        IAwsCredentialSource? credentials = null)
    {
        var json = new AwsJsonClient(http, credentials ?? new StaticAwsCredentialSource(Credentials), options ?? Options, time, observer);
        return new SecretsManagerClient(json, Endpoint(moto, AwsService.SecretsManager));
    }

    /// <summary>A client on a transport shared with other services, so they spend one write budget and feed one observer.</summary>
    public static SecretsManagerClient SecretsManager(MotoServer moto, AwsTransport transport) =>
        new(new AwsJsonClient(transport, new StaticAwsCredentialSource(Credentials)), Endpoint(moto, AwsService.SecretsManager));

    public static string NewName(string prefix) => $"{prefix}/{Guid.NewGuid():N}";
}
