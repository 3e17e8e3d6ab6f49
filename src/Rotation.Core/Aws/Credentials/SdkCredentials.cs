using Amazon.Runtime;

namespace Rotator.Rotation.Aws.Credentials;

/// <summary>
/// An <see cref="IAwsCredentialSource"/> seen as AWSSDK.Core's <see cref="AWSCredentials"/>, for the one
/// client that signs through the SDK's own signer (Directory Service). Both clients of a resource then
/// use the same identity, including a role assumed for it.
/// </summary>
public sealed class SdkCredentials(IAwsCredentialSource source) : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() =>
        // The SDK's synchronous path; our sources are cached and only block when a refresh is due.
        GetCredentialsAsync().GetAwaiter().GetResult();

    public override async Task<ImmutableCredentials> GetCredentialsAsync()
    {
        var credentials = await source.GetCredentialsAsync(CancellationToken.None);
        return new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
    }
}
