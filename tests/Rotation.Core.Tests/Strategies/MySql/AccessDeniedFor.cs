using System.Net;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>
/// Secrets Manager as an identity without <c>secretsmanager:GetSecretValue</c> on one secret sees it: reading that secret
/// fails with AccessDenied, everything else goes to <paramref name="inner"/>. Moto enforces no IAM, so a test needs this.
/// </summary>
internal sealed class AccessDeniedFor(ISecretsManager inner, string deniedSecretId) : ISecretsManager
{
    public Task<SecretValue> GetSecretValueAsync(string secretId, SecretVersionSelector version, CancellationToken cancellationToken) =>
        secretId == deniedSecretId
            ? throw new AccessDeniedException(
                "secretsmanager",
                "GetSecretValue",
                "AccessDeniedException",
                $"User: arn:aws:sts::123456789012:assumed-role/rotator/test is not authorized to perform: secretsmanager:GetSecretValue on resource: {secretId}",
                HttpStatusCode.BadRequest,
                "test-request")
            : inner.GetSecretValueAsync(secretId, version, cancellationToken);

    public Task<BatchSecretValues> BatchGetSecretValueAsync(IReadOnlyCollection<string> secretIds, CancellationToken cancellationToken) =>
        inner.BatchGetSecretValueAsync(secretIds, cancellationToken);

    public Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken) =>
        inner.DescribeSecretAsync(secretId, cancellationToken);

    public Task<SecretListPage> ListSecretsAsync(ListSecretsQuery query, CancellationToken cancellationToken) =>
        inner.ListSecretsAsync(query, cancellationToken);

    public Task<SecretVersionPage> ListSecretVersionIdsAsync(SecretVersionsQuery query, CancellationToken cancellationToken) =>
        inner.ListSecretVersionIdsAsync(query, cancellationToken);

    public Task<PutSecretValueResult> PutSecretValueAsync(
        string secretId, SecretPayload value, IReadOnlyList<string>? versionStages, string clientRequestToken, CancellationToken cancellationToken) =>
        inner.PutSecretValueAsync(secretId, value, versionStages, clientRequestToken, cancellationToken);

    public Task<SecretReference> UpdateSecretVersionStageAsync(
        string secretId, string versionStage, string? moveToVersionId, string? removeFromVersionId, CancellationToken cancellationToken) =>
        inner.UpdateSecretVersionStageAsync(secretId, versionStage, moveToVersionId, removeFromVersionId, cancellationToken);

    public Task<string> GetRandomPasswordAsync(RandomPasswordOptions options, CancellationToken cancellationToken) =>
        inner.GetRandomPasswordAsync(options, cancellationToken);

    public Task<SecretVersionReference> RotateSecretAsync(string secretId, RotateSecretOptions options, CancellationToken cancellationToken) =>
        inner.RotateSecretAsync(secretId, options, cancellationToken);

    public Task<SecretVersionReference> CreateSecretAsync(CreateSecretOptions options, CancellationToken cancellationToken) =>
        inner.CreateSecretAsync(options, cancellationToken);

    public Task<DeletedSecret> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken) =>
        inner.DeleteSecretAsync(secretId, deletion, cancellationToken);
}
