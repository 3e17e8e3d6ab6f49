namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>One version of a secret, without its value (ListSecretVersionIds).</summary>
public sealed record SecretVersionEntry
{
    public string VersionId { get; init; } = "";

    public IReadOnlyList<string> VersionStages { get; init; } = [];

    public DateTimeOffset? CreatedDate { get; init; }

    public DateTimeOffset? LastAccessedDate { get; init; }

    public IReadOnlyList<string> KmsKeyIds { get; init; } = [];
}
