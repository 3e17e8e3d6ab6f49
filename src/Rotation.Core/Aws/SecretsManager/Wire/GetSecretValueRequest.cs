namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>GetSecretValue input. At least one of the two version fields is always set (see <see cref="SecretVersionSelector"/>).</summary>
internal sealed record GetSecretValueRequest(string SecretId, string? VersionId, string? VersionStage);
