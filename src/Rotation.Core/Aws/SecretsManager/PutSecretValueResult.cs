namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>The version PutSecretValue created (or found, for a repeated client request token).</summary>
public sealed record PutSecretValueResult
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string VersionId { get; init; } = "";

    public IReadOnlyList<string> VersionStages { get; init; } = [];
}
