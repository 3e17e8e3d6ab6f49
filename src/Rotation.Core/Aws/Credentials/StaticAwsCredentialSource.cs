namespace Rotator.Rotation.Aws.Credentials;

/// <summary>Fixed credentials: tests, the sandbox, and explicitly configured access keys.</summary>
public sealed class StaticAwsCredentialSource(AwsCredentials credentials) : IAwsCredentialSource
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}
