namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>The secret and version an operation created (CreateSecret, RotateSecret); no version for a secret created without a value.</summary>
public sealed record SecretVersionReference
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string? VersionId { get; init; }
}
