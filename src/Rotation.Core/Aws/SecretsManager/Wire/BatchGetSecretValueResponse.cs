namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>BatchGetSecretValue output: values found, per-secret errors, and a token when more follow.</summary>
internal sealed record BatchGetSecretValueResponse
{
    public IReadOnlyList<SecretValue> SecretValues { get; init; } = [];

    public IReadOnlyList<SecretValueError> Errors { get; init; } = [];

    public string? NextToken { get; init; }
}
