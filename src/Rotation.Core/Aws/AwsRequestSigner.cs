using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Rotator.Rotation.Aws;

/// <summary>
/// Signs an AWS JSON 1.1 request with AWSSDK.Core's own SigV4 signer. We do not hand-roll SigV4:
/// the SDK's signer is the one every AWS service accepts, and the service-specific SDK packages
/// (AWSSDK.SecretsManager, AWSSDK.DirectoryService) are only thin generated layers on top of it.
/// </summary>
public sealed class AwsRequestSigner
{
    private readonly AWS4Signer signer = new();

    /// <summary>Returns the headers to send, including <c>Authorization</c> and <c>X-Amz-Date</c>.</summary>
    /// <param name="endpoint">Service endpoint (scheme, host, port); the path is always <c>/</c>.</param>
    /// <param name="signingName">SigV4 service name, e.g. <c>secretsmanager</c> or <c>ds</c>.</param>
    /// <param name="region">Signing region.</param>
    /// <param name="target">The <c>X-Amz-Target</c> value, e.g. <c>secretsmanager.GetSecretValue</c>.</param>
    /// <param name="body">The exact JSON bytes that will be sent.</param>
    /// <param name="credentials">Credentials resolved for this call.</param>
    public IReadOnlyDictionary<string, string> Sign(
        Uri endpoint, string signingName, string region, string target, byte[] body, ImmutableCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        using var request = new DefaultRequest(new SignedRequest(), signingName)
        {
            HttpMethod = "POST",
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = "/",
            AuthenticationRegion = region,
            OverrideSigningServiceName = signingName,
            Content = body,
        };
        request.Headers["Content-Type"] = AwsJsonProtocol.ContentType;
        request.Headers["X-Amz-Target"] = target;
        if (credentials.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var config = new SigningClientConfig(signingName, endpoint, region);
        // SessionAWSCredentials refuses an empty token, so long-lived access keys (no session) sign as basic ones.
        AWSCredentials identity = credentials.UseToken
            ? new SessionAWSCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token)
            : new BasicAWSCredentials(credentials.AccessKey, credentials.SecretKey);
        signer.Sign(request, config, null, identity);
        return new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
    }
}
