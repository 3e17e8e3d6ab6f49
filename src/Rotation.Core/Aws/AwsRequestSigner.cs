using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Rotator.Rotation.Aws.Credentials;

namespace Rotator.Rotation.Aws;

/// <summary>
/// Signs an AWS request (JSON 1.1 or Query protocol, always <c>POST /</c>) with AWSSDK.Core's own SigV4
/// signer. We do not hand-roll SigV4: the SDK's signer is the one every AWS service accepts, and the
/// service-specific SDK packages (AWSSDK.SecretsManager, AWSSDK.DirectoryService) are only thin
/// generated layers on top of it.
/// </summary>
public sealed class AwsRequestSigner
{
    private readonly AWS4Signer signer = new();

    /// <summary>Signs a JSON 1.1 request; returns the headers to send, including <c>Authorization</c> and <c>X-Amz-Date</c>.</summary>
    /// <param name="endpoint">Service endpoint (scheme, host, port); the path is always <c>/</c>.</param>
    /// <param name="signingName">SigV4 service name, e.g. <c>secretsmanager</c> or <c>ds</c>.</param>
    /// <param name="region">Signing region.</param>
    /// <param name="target">The <c>X-Amz-Target</c> value, e.g. <c>secretsmanager.GetSecretValue</c>.</param>
    /// <param name="body">The exact JSON bytes that will be sent.</param>
    /// <param name="credentials">Credentials resolved for this call.</param>
    public IReadOnlyDictionary<string, string> Sign(
        Uri endpoint, string signingName, string region, string target, byte[] body, ImmutableCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Sign(
            endpoint, signingName, region, AwsJsonProtocol.ContentType, target, body,
            new AwsCredentials(credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null));
    }

    /// <summary>Signs a request of either protocol; returns the headers to send (including <c>Host</c>, which callers leave to the HTTP stack).</summary>
    /// <param name="endpoint">Service endpoint (scheme, host, port); the path is always <c>/</c>.</param>
    /// <param name="signingName">SigV4 service name, e.g. <c>secretsmanager</c>, <c>ds</c> or <c>sts</c>.</param>
    /// <param name="region">Signing region.</param>
    /// <param name="contentType">The exact <c>Content-Type</c> that will be sent (it is signed).</param>
    /// <param name="target">The <c>X-Amz-Target</c> value for JSON protocols; null for the Query protocol.</param>
    /// <param name="body">The exact body bytes that will be sent.</param>
    /// <param name="credentials">Credentials resolved for this call.</param>
    public IReadOnlyDictionary<string, string> Sign(
        Uri endpoint, string signingName, string region, string contentType, string? target, byte[] body, AwsCredentials credentials)
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
        request.Headers["Content-Type"] = contentType;
        if (target is not null)
        {
            request.Headers["X-Amz-Target"] = target;
        }

        if (credentials.SessionToken is { Length: > 0 } token)
        {
            request.Headers["X-Amz-Security-Token"] = token;
        }

        var config = new SigningClientConfig(signingName, endpoint, region);
        // SessionAWSCredentials refuses an empty token, so long-term keys go in as BasicAWSCredentials.
        AWSCredentials identity = credentials.SessionToken is { Length: > 0 } sessionToken
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, sessionToken)
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey);
        signer.Sign(request, config, null, identity);
        return new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
    }
}
