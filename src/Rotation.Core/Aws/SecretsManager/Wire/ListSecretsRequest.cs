namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>ListSecrets input.</summary>
internal sealed record ListSecretsRequest(IReadOnlyList<SecretFilter>? Filters, bool? IncludePlannedDeletion, int? MaxResults, string? NextToken);
