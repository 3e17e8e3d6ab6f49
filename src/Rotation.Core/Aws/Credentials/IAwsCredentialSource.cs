namespace Rotator.Rotation.Aws.Credentials;

/// <summary>
/// Where the credentials for one AWS call come from. Called before every attempt, so an
/// implementation caches and refreshes on its own; the signer never holds on to a result.
/// </summary>
public interface IAwsCredentialSource
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
