namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>BatchGetSecretValue input (by id list; at most 20 ids).</summary>
internal sealed record BatchGetSecretValueRequest(IReadOnlyList<string> SecretIdList, string? NextToken);
