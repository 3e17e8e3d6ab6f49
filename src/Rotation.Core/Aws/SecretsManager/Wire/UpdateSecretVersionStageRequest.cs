namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>UpdateSecretVersionStage input.</summary>
internal sealed record UpdateSecretVersionStageRequest(string SecretId, string VersionStage, string? MoveToVersionId, string? RemoveFromVersionId);
