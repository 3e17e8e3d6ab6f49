namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>ListSecretVersionIds input.</summary>
internal sealed record ListSecretVersionIdsRequest(string SecretId, bool? IncludeDeprecated, int? MaxResults, string? NextToken);
