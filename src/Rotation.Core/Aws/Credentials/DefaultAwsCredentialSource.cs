using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;

namespace Rotator.Rotation.Aws.Credentials;

/// <summary>
/// AWSSDK.Core's default credential chain: environment variables, shared profile, web identity
/// (IRSA), EKS Pod Identity, container and instance metadata. The SDK caches and refreshes what
/// it resolves, so this asks it on every call.
/// </summary>
public sealed class DefaultAwsCredentialSource : IAwsCredentialSource, IDisposable
{
    // The SDK finds the STS client for web identity (IRSA) by loading AWSSDK.SecurityToken by name at
    // run time. Naming a type from it here keeps it a real compile-time dependency, so neither the
    // build nor a trimmer can drop the assembly and turn IRSA into a run-time failure.
    internal static readonly Type StsClientType = typeof(AmazonSecurityTokenServiceClient);

    private readonly DefaultAWSCredentialsIdentityResolver resolver = new();

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var identity = await resolver.ResolveIdentityAsync(null, cancellationToken);
            var credentials = await identity.GetCredentialsAsync();
            return new AwsCredentials(credentials.AccessKey, credentials.SecretKey, credentials.UseToken ? credentials.Token : null);
        }
        catch (AmazonClientException e)
        {
            // The SDK's messages name the providers it tried and why each failed; no secret material.
            throw new AwsCredentialsException($"no AWS credentials: {e.Message}", e);
        }
    }

    public void Dispose() => resolver.Dispose();
}
