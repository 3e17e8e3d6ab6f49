using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Rotator.Rotation.Aws;

/// <summary>
/// The minimum <see cref="ClientConfig"/> the SDK's signer reads: service name, endpoint and region.
/// Endpoint resolution is ours, so the operation endpoint is always the configured URL.
/// </summary>
internal sealed class SigningClientConfig : ClientConfig
{
    private readonly string serviceName;

    public SigningClientConfig(string serviceName, Uri endpoint, string region)
        : base(new FixedDefaultConfigurationProvider())
    {
        this.serviceName = serviceName;
        ServiceURL = endpoint.GetLeftPart(UriPartial.Authority);
        AuthenticationRegion = region;
        AuthenticationServiceName = serviceName;
    }

    public override string RegionEndpointServiceName => serviceName;

    public override string ServiceVersion => "1";

    public override string UserAgent => "rotator";

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) => new(ServiceURL);
}
