namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A secret as ListSecrets shows it; no value.</summary>
public sealed record SecretListEntry
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public string? KmsKeyId { get; init; }

    public bool? RotationEnabled { get; init; }

    public string? RotationLambdaArn { get; init; }

    public RotationRules? RotationRules { get; init; }

    public DateTimeOffset? LastRotatedDate { get; init; }

    public DateTimeOffset? LastChangedDate { get; init; }

    public DateTimeOffset? LastAccessedDate { get; init; }

    public DateTimeOffset? DeletedDate { get; init; }

    public DateTimeOffset? NextRotationDate { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    public IReadOnlyList<SecretTag> Tags { get; init; } = [];

    /// <summary>Every version id with its staging labels.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SecretVersionsToStages { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public string? OwningService { get; init; }

    public string? PrimaryRegion { get; init; }
}
