using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager.Wire;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary><see cref="ISecretsManager"/> over <see cref="AwsJsonClient"/>, for one region and one set of credentials.</summary>
public sealed class SecretsManagerClient : ISecretsManager
{
    /// <summary>BatchGetSecretValue's limit of ids per call.</summary>
    public const int BatchSize = 20;

    private static readonly SecretsManagerJsonContext Json = SecretsManagerJsonContext.Default;

    private readonly AwsJsonClient client;
    private readonly AwsServiceEndpoint endpoint;

    /// <param name="client">The JSON client (carries transport and credentials).</param>
    /// <param name="endpoint">A Secrets Manager endpoint, from <see cref="AwsEndpointResolver"/>.</param>
    public SecretsManagerClient(AwsJsonClient client, AwsServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        this.endpoint = AwsServiceEndpoint.Expect(endpoint, AwsService.SecretsManager);
    }

    public async Task<SecretValue> GetSecretValueAsync(string secretId, SecretVersionSelector version, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentNullException.ThrowIfNull(version);
        var value = await client.SendAsync(
            endpoint, "GetSecretValue", new GetSecretValueRequest(secretId, version.VersionId, version.VersionStage),
            Json.GetSecretValueRequest, Json.SecretValue, isWrite: false, cancellationToken);

        // The service always names the version it answered with; an answer without one (an empty 200 from
        // a broken proxy reads as {}) must not be mirrored as if it were the secret's value.
        return value.VersionId is { Length: > 0 } && value.Arn is { Length: > 0 }
            ? value
            : throw new AwsResponseFormatException("secretsmanager.GetSecretValue answered without the secret's ARN and VersionId");
    }

    public async Task<BatchSecretValues> BatchGetSecretValueAsync(IReadOnlyCollection<string> secretIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secretIds);
        var values = new List<SecretValue>();
        var errors = new List<SecretValueError>();
        // The service rejects an id list with duplicates; the caller's list need not be clean.
        foreach (var chunk in secretIds.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
        {
            string? nextToken = null;
            do
            {
                var page = await client.SendAsync(
                    endpoint, "BatchGetSecretValue", new BatchGetSecretValueRequest(chunk, nextToken),
                    Json.BatchGetSecretValueRequest, Json.BatchGetSecretValueResponse, isWrite: false, cancellationToken);
                values.AddRange(page.SecretValues);
                errors.AddRange(page.Errors);
                nextToken = page.NextToken;
            }
            while (nextToken is { Length: > 0 });
        }

        return new BatchSecretValues(values, errors);
    }

    public async Task<SecretDescription> DescribeSecretAsync(string secretId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        var description = await client.SendAsync(
            endpoint, "DescribeSecret", new SecretIdRequest(secretId), Json.SecretIdRequest, Json.SecretDescription, isWrite: false, cancellationToken);
        return description.Arn is { Length: > 0 }
            ? description
            : throw new AwsResponseFormatException("secretsmanager.DescribeSecret answered without the secret's ARN");
    }

    public Task<SecretListPage> ListSecretsAsync(ListSecretsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var request = new ListSecretsRequest(
            query.Filters.Count > 0 ? query.Filters : null, query.IncludePlannedDeletion ? true : null, query.MaxResults, query.NextToken);
        return client.SendAsync(endpoint, "ListSecrets", request, Json.ListSecretsRequest, Json.SecretListPage, isWrite: false, cancellationToken);
    }

    public Task<SecretVersionPage> ListSecretVersionIdsAsync(SecretVersionsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrEmpty(query.SecretId);
        var request = new ListSecretVersionIdsRequest(query.SecretId, query.IncludeDeprecated ? true : null, query.MaxResults, query.NextToken);
        return client.SendAsync(
            endpoint, "ListSecretVersionIds", request, Json.ListSecretVersionIdsRequest, Json.SecretVersionPage, isWrite: false, cancellationToken);
    }

    public Task<PutSecretValueResult> PutSecretValueAsync(
        string secretId, SecretPayload value, IReadOnlyList<string>? versionStages, string clientRequestToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrEmpty(clientRequestToken);
        var request = new PutSecretValueRequest(secretId, clientRequestToken, value.Text, value.Bytes, versionStages);
        return client.SendAsync(
            endpoint, "PutSecretValue", request, Json.PutSecretValueRequest, Json.PutSecretValueResult, isWrite: true, secret: value.Text, cancellationToken);
    }

    public Task<SecretReference> UpdateSecretVersionStageAsync(
        string secretId, string versionStage, string? moveToVersionId, string? removeFromVersionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentException.ThrowIfNullOrEmpty(versionStage);
        var request = new UpdateSecretVersionStageRequest(secretId, versionStage, moveToVersionId, removeFromVersionId);
        return client.SendAsync(
            endpoint, "UpdateSecretVersionStage", request, Json.UpdateSecretVersionStageRequest, Json.SecretReference, isWrite: true, cancellationToken);
    }

    public async Task<string> GetRandomPasswordAsync(RandomPasswordOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var response = await client.SendAsync(
            endpoint, "GetRandomPassword", options, Json.RandomPasswordOptions, Json.GetRandomPasswordResponse, isWrite: false, cancellationToken);
        return response.RandomPassword;
    }

    public Task<SecretVersionReference> RotateSecretAsync(string secretId, RotateSecretOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentNullException.ThrowIfNull(options);
        // The token is fixed before the first attempt, so a retried call cannot start a second rotation.
        var request = new RotateSecretRequest(
            secretId, options.ClientRequestToken ?? Guid.NewGuid().ToString(), options.RotationLambdaArn, options.RotationRules, options.RotateImmediately);
        return client.SendAsync(
            endpoint, "RotateSecret", request, Json.RotateSecretRequest, Json.SecretVersionReference, isWrite: true, cancellationToken);
    }

    public Task<SecretVersionReference> CreateSecretAsync(CreateSecretOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Name);
        var request = new CreateSecretRequest(
            options.Name,
            options.ClientRequestToken ?? Guid.NewGuid().ToString(),
            options.Description,
            options.KmsKeyId,
            options.Value?.Text,
            options.Value?.Bytes,
            options.Tags.Count > 0 ? options.Tags : null);
        return client.SendAsync(
            endpoint, "CreateSecret", request, Json.CreateSecretRequest, Json.SecretVersionReference, isWrite: true, secret: options.Value?.Text, cancellationToken);
    }

    public Task<DeletedSecret> DeleteSecretAsync(string secretId, SecretDeletion deletion, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretId);
        ArgumentNullException.ThrowIfNull(deletion);
        var request = deletion.RecoveryWindowInDays is { } days
            ? new DeleteSecretRequest(secretId, days, null)
            : new DeleteSecretRequest(secretId, null, true);
        return client.SendAsync(
            endpoint, "DeleteSecret", request, Json.DeleteSecretRequest, Json.DeletedSecret, isWrite: true, cancellationToken);
    }
}
