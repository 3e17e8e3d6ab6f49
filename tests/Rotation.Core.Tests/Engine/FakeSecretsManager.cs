using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>
/// A fake of our own <see cref="ISecretsManager"/> interface (not of AWS), for states moto cannot produce,
/// such as a secret with an <c>OwningService</c>. It answers DescribeSecret and nothing else.
/// </summary>
internal sealed class FakeSecretsManager(SecretDescription description) : ISecretsManager
{
    public int Calls { get; private set; }

    public Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(description);
    }

    public Task<SecretValue> GetSecretValueAsync(string secretId, SecretVersionSelector version, CancellationToken cancellationToken) => throw Unsupported();

    public Task<BatchSecretValues> BatchGetSecretValueAsync(IReadOnlyCollection<string> secretIds, CancellationToken cancellationToken) => throw Unsupported();

    public Task<SecretListPage> ListSecretsAsync(ListSecretsQuery query, CancellationToken cancellationToken) => throw Unsupported();

    public Task<SecretVersionPage> ListSecretVersionIdsAsync(SecretVersionsQuery query, CancellationToken cancellationToken) => throw Unsupported();

    public Task<PutSecretValueResult> PutSecretValueAsync(
        string secretId, SecretPayload value, IReadOnlyList<string>? versionStages, string clientRequestToken, CancellationToken cancellationToken) => throw Unsupported();

    public Task<SecretReference> UpdateSecretVersionStageAsync(
        string secretId, string versionStage, string? moveToVersionId, string? removeFromVersionId, CancellationToken cancellationToken) => throw Unsupported();

    public Task<string> GetRandomPasswordAsync(RandomPasswordOptions options, CancellationToken cancellationToken) => throw Unsupported();

    public Task<SecretVersionReference> RotateSecretAsync(string secretId, RotateSecretOptions options, CancellationToken cancellationToken) => throw Unsupported();

    public Task<SecretVersionReference> CreateSecretAsync(CreateSecretOptions options, CancellationToken cancellationToken) => throw Unsupported();

    public Task<DeletedSecret> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken) => throw Unsupported();

    private static NotSupportedException Unsupported() => new($"{nameof(FakeSecretsManager)} answers DescribeSecret only");
}
