namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>CreateSecret's parameters (used by the sandbox and tests; the operator rotates secrets, it does not create them).</summary>
public sealed record CreateSecretOptions(string Name)
{
    /// <summary>The first version's value; the secret has no version when null.</summary>
    public SecretPayload? Value { get; init; }

    public string? Description { get; init; }

    public string? KmsKeyId { get; init; }

    public IReadOnlyList<SecretTag> Tags { get; init; } = [];

    /// <summary>Idempotency token; a fresh one is made per call when null.</summary>
    public string? ClientRequestToken { get; init; }
}
