using Rotator.Api;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Secrets Manager as one namespace may see it. The reconciler checks the ids a spec names before any
/// call, but a strategy can find more on its own (alternating users reads the admin secret named by the
/// secret's <c>masterarn</c> field); this wrapper refuses those too, before the request leaves the process.
/// </summary>
public sealed class TenancyGuardedSecretsManager(ISecretsManager inner, Func<string, bool> allowed, string ns) : ISecretsManager
{
    public Task<SecretValue> GetSecretValueAsync(string secretId, SecretVersionSelector version, CancellationToken cancellationToken) =>
        inner.GetSecretValueAsync(Check(secretId), version, cancellationToken);

    public Task<BatchSecretValues> BatchGetSecretValueAsync(IReadOnlyCollection<string> secretIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secretIds);
        foreach (var id in secretIds)
        {
            Check(id);
        }

        return inner.BatchGetSecretValueAsync(secretIds, cancellationToken);
    }

    public Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken) =>
        inner.DescribeSecretAsync(Check(secretId), cancellationToken);

    // Listing crosses every tenant's secrets: nothing a namespace's rotation needs.
    public Task<SecretListPage> ListSecretsAsync(ListSecretsQuery query, CancellationToken cancellationToken) =>
        throw Refused("ListSecrets");

    public Task<SecretVersionPage> ListSecretVersionIdsAsync(SecretVersionsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Check(query.SecretId);
        return inner.ListSecretVersionIdsAsync(query, cancellationToken);
    }

    public Task<PutSecretValueResult> PutSecretValueAsync(
        string secretId, SecretPayload value, IReadOnlyList<string>? versionStages, string clientRequestToken, CancellationToken cancellationToken) =>
        inner.PutSecretValueAsync(Check(secretId), value, versionStages, clientRequestToken, cancellationToken);

    public Task<SecretReference> UpdateSecretVersionStageAsync(
        string secretId, string versionStage, string? moveToVersionId, string? removeFromVersionId, CancellationToken cancellationToken) =>
        inner.UpdateSecretVersionStageAsync(Check(secretId), versionStage, moveToVersionId, removeFromVersionId, cancellationToken);

    public Task<string> GetRandomPasswordAsync(RandomPasswordOptions options, CancellationToken cancellationToken) =>
        inner.GetRandomPasswordAsync(options, cancellationToken);

    public Task<SecretVersionReference> RotateSecretAsync(string secretId, RotateSecretOptions options, CancellationToken cancellationToken) =>
        inner.RotateSecretAsync(Check(secretId), options, cancellationToken);

    // The operator never creates or deletes AWS secrets (API.md: the AWS secret is never deleted).
    public Task<SecretVersionReference> CreateSecretAsync(CreateSecretOptions options, CancellationToken cancellationToken) =>
        throw Refused("CreateSecret");

    public Task<DeletedSecret> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken) =>
        throw Refused("DeleteSecret");

    private string Check(string secretId) =>
        allowed(secretId)
            ? secretId
            : throw new RotationRefusedException($"secret '{secretId}' is not allowed for RotatingSecrets in namespace {ns} (the operator's tenancy policy)")
            {
                Reason = StatusReasons.NotAllowed,
            };

    private static RotationRefusedException Refused(string operation) =>
        new($"{operation} is never called on behalf of a RotatingSecret") { Reason = StatusReasons.NotAllowed };
}
