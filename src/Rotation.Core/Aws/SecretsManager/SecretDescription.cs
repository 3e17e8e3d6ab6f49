namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A secret's metadata (DescribeSecret); no value.</summary>
public sealed record SecretDescription
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public string? KmsKeyId { get; init; }

    public bool? RotationEnabled { get; init; }

    /// <summary>The rotation Lambda, when rotation is Lambda-based (matches the wire's <c>RotationLambdaARN</c>).</summary>
    public string? RotationLambdaArn { get; init; }

    public RotationRules? RotationRules { get; init; }

    public DateTimeOffset? LastRotatedDate { get; init; }

    public DateTimeOffset? LastChangedDate { get; init; }

    public DateTimeOffset? LastAccessedDate { get; init; }

    /// <summary>Set when the secret is scheduled for deletion.</summary>
    public DateTimeOffset? DeletedDate { get; init; }

    public DateTimeOffset? NextRotationDate { get; init; }

    public DateTimeOffset? CreatedDate { get; init; }

    public IReadOnlyList<SecretTag> Tags { get; init; } = [];

    /// <summary>Every version id with its staging labels; versions without labels are deprecated.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> VersionIdsToStages { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The AWS service that manages the secret (e.g. <c>rds</c>), for managed secrets.</summary>
    public string? OwningService { get; init; }

    public string? PrimaryRegion { get; init; }
}
