namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>
/// The Secrets Manager operations Rotator uses. Errors arrive as <see cref="Errors.AwsServiceException"/>
/// subclasses (e.g. <see cref="Errors.ResourceNotFoundException"/>); no method puts a secret value
/// into an exception message.
/// </summary>
public interface ISecretsManager
{
    /// <summary>Reads one version. The selector always names a stage or a version id.</summary>
    Task<SecretValue> GetSecretValueAsync(string secretId, SecretVersionSelector version, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the <c>AWSCURRENT</c> values of any number of secrets, 20 per call; secrets that cannot be
    /// read come back as <see cref="BatchSecretValues.Errors"/>.
    /// </summary>
    Task<BatchSecretValues> BatchGetSecretValueAsync(IReadOnlyCollection<string> secretIds, CancellationToken cancellationToken);

    Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken);

    /// <summary>One page; see <see cref="SecretsManagerExtensions.ListAllSecretsAsync"/> for all of them.</summary>
    Task<SecretListPage> ListSecretsAsync(ListSecretsQuery query, CancellationToken cancellationToken);

    /// <summary>One page of a secret's versions.</summary>
    Task<SecretVersionPage> ListSecretVersionIdsAsync(SecretVersionsQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new version. The same <paramref name="clientRequestToken"/> with the same value is a
    /// no-op returning the existing version, which makes retries and re-runs of a rotation step safe.
    /// </summary>
    /// <param name="secretId">Name or ARN.</param>
    /// <param name="value">String or binary value.</param>
    /// <param name="versionStages">Labels for the new version; <c>AWSCURRENT</c> when null.</param>
    /// <param name="clientRequestToken">Idempotency token and the new version's id (32 to 64 characters).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PutSecretValueResult> PutSecretValueAsync(
        string secretId, SecretPayload value, IReadOnlyList<string>? versionStages, string clientRequestToken, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a staging label. Moving <c>AWSCURRENT</c> also moves <c>AWSPREVIOUS</c> to the version that
    /// had <c>AWSCURRENT</c>.
    /// </summary>
    /// <param name="secretId">Name or ARN.</param>
    /// <param name="versionStage">The label.</param>
    /// <param name="moveToVersionId">The version to attach it to; null to only remove it.</param>
    /// <param name="removeFromVersionId">The version that has it now (required by the service when it is attached somewhere).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<SecretReference> UpdateSecretVersionStageAsync(
        string secretId, string versionStage, string? moveToVersionId, string? removeFromVersionId, CancellationToken cancellationToken);

    /// <summary>A random password from the service. The returned string is a secret: do not log it.</summary>
    Task<string> GetRandomPasswordAsync(RandomPasswordOptions options, CancellationToken cancellationToken);

    /// <summary>Starts a rotation (or sets the schedule) on the service side.</summary>
    Task<SecretVersionReference> RotateSecretAsync(string secretId, RotateSecretOptions options, CancellationToken cancellationToken);

    Task<SecretVersionReference> CreateSecretAsync(CreateSecretOptions options, CancellationToken cancellationToken);

    Task<DeletedSecret> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken);
}
