namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>The secret an operation acted on (UpdateSecretVersionStage).</summary>
public sealed record SecretReference
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";
}
