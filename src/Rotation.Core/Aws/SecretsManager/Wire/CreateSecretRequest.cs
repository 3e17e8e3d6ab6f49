namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>CreateSecret input; at most one of the two value fields is set.</summary>
internal sealed record CreateSecretRequest(
    string Name,
    string ClientRequestToken,
    string? Description,
    string? KmsKeyId,
    string? SecretString,
    byte[]? SecretBinary,
    IReadOnlyList<SecretTag>? Tags);
