using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary>
/// Records which operations reached it and with which secret ids, and answers with empty results.
/// A fake is enough here: what the tenancy tests assert is that a refused call never gets this far.
/// </summary>
internal sealed class RecordingSecretsManager : ISecretsManager
{
    private readonly List<string> calls = [];

    /// <summary>"Operation secretId" per call, in order.</summary>
    public IReadOnlyList<string> Calls => calls;

    public Task<SecretValue> GetSecretValueAsync(string secretId, SecretVersionSelector version, CancellationToken cancellationToken) =>
        Record("GetSecretValue", secretId, new SecretValue { Name = secretId });

    public Task<BatchSecretValues> BatchGetSecretValueAsync(IReadOnlyCollection<string> secretIds, CancellationToken cancellationToken) =>
        Record("BatchGetSecretValue", string.Join(",", secretIds), new BatchSecretValues([], []));

    public Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken) =>
        Record("DescribeSecret", secretId, new SecretDescription { Name = secretId });

    public Task<SecretListPage> ListSecretsAsync(ListSecretsQuery query, CancellationToken cancellationToken) =>
        Record("ListSecrets", "", new SecretListPage());

    public Task<SecretVersionPage> ListSecretVersionIdsAsync(SecretVersionsQuery query, CancellationToken cancellationToken) =>
        Record("ListSecretVersionIds", query.SecretId, new SecretVersionPage { Name = query.SecretId });

    public Task<PutSecretValueResult> PutSecretValueAsync(
        string secretId, SecretPayload value, IReadOnlyList<string>? versionStages, string clientRequestToken, CancellationToken cancellationToken) =>
        Record("PutSecretValue", secretId, new PutSecretValueResult { Name = secretId, VersionId = clientRequestToken });

    public Task<SecretReference> UpdateSecretVersionStageAsync(
        string secretId, string versionStage, string? moveToVersionId, string? removeFromVersionId, CancellationToken cancellationToken) =>
        Record("UpdateSecretVersionStage", secretId, new SecretReference { Name = secretId });

    public Task<string> GetRandomPasswordAsync(RandomPasswordOptions options, CancellationToken cancellationToken) =>
        Record("GetRandomPassword", "", "generated");

    public Task<SecretVersionReference> RotateSecretAsync(string secretId, RotateSecretOptions options, CancellationToken cancellationToken) =>
        Record("RotateSecret", secretId, new SecretVersionReference { Name = secretId });

    public Task<SecretVersionReference> CreateSecretAsync(CreateSecretOptions options, CancellationToken cancellationToken) =>
        Record("CreateSecret", options.Name, new SecretVersionReference { Name = options.Name });

    public Task<DeletedSecret> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken) =>
        Record("DeleteSecret", secretId, new DeletedSecret { Name = secretId });

    private Task<T> Record<T>(string operation, string secretId, T result)
    {
        calls.Add($"{operation} {secretId}");
        return Task.FromResult(result);
    }
}
