namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A secret that BatchGetSecretValue could not return, e.g. <c>ResourceNotFoundException</c>.</summary>
public sealed record SecretValueError
{
    public string SecretId { get; init; } = "";

    public string ErrorCode { get; init; } = "";

    public string? Message { get; init; }
}
