using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Rotation.Tests.Aws.DirectoryService;

/// <summary>Our Directory Service client pointed at a <see cref="DirectoryServiceStandIn"/>, signing with the one identity it accepts.</summary>
internal static class StandInAws
{
    public static IAwsCredentialSource Credentials(DirectoryServiceStandIn standIn) =>
        new StaticAwsCredentialSource(new AwsCredentials(standIn.Options.AccessKeyId, standIn.Options.SecretAccessKey));

    /// <summary>The stand-in's endpoint in its region; <paramref name="via"/> instead of its URL, e.g. a fault proxy in front of it.</summary>
    public static AwsServiceEndpoint Endpoint(DirectoryServiceStandIn standIn, Uri? via = null) => AwsEndpointResolver.Resolve(
        AwsService.DirectoryService, new AwsEndpointSettings { Region = standIn.Options.Region, EndpointUrl = via ?? standIn.Endpoint });

    /// <summary>A client on <paramref name="transport"/>, with the stand-in's identity unless <paramref name="credentials"/> are given.</summary>
    public static DirectoryServiceClient Client(
        DirectoryServiceStandIn standIn, AwsTransport transport, IAwsCredentialSource? credentials = null, Uri? via = null) =>
        new(new AwsJsonClient(transport, credentials ?? Credentials(standIn)), Endpoint(standIn, via));
}
