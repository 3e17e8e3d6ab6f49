namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>PutSecretValue input; exactly one of the two value fields is set.</summary>
internal sealed record PutSecretValueRequest(string SecretId, string ClientRequestToken, string? SecretString, byte[]? SecretBinary, IReadOnlyList<string>? VersionStages);
