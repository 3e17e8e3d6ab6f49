using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A secret's metadata, as DescribeSecret answers it and as ListSecrets lists it (one shape for both); no value.</summary>
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

    /// <summary>
    /// ListSecrets names <see cref="VersionIdsToStages"/> <c>SecretVersionsToStages</c> on the wire; reading it here keeps
    /// one record for both answers. Never written (always null when read back).
    /// </summary>
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonPropertyName("SecretVersionsToStages")]
    internal IReadOnlyDictionary<string, IReadOnlyList<string>>? ListedVersionsToStages
    {
        get => null;
        init
        {
            if (value is not null)
            {
                VersionIdsToStages = value;
            }
        }
    }

    /// <summary>The AWS service that manages the secret (e.g. <c>rds</c>), for managed secrets.</summary>
    public string? OwningService { get; init; }

    public string? PrimaryRegion { get; init; }

    /// <summary>
    /// What DescribeSecret answers once AWSCURRENT was moved to <paramref name="versionId"/> and its
    /// AWSPENDING removed (finishSecret): AWS moves AWSPREVIOUS onto the version that was current, and the
    /// version that held AWSPREVIOUS keeps no label. Saves a read right after a rotation this process finished.
    /// </summary>
    public SecretDescription AfterFinish(string versionId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionId);
        var wasCurrent = VersionIdsToStages.FirstOrDefault(v => v.Value.Contains(SecretVersionStages.Current, StringComparer.Ordinal)).Key;
        var moving = wasCurrent != versionId;
        var stages = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, labels) in VersionIdsToStages)
        {
            // DescribeSecret lists only versions that keep a label; one left without is deprecated.
            if (labels.Where(label => !Drops(id, label)).ToList() is { Count: > 0 } kept)
            {
                stages[id] = kept;
            }
        }

        if (moving)
        {
            if (wasCurrent is not null)
            {
                stages[wasCurrent] = [.. stages.GetValueOrDefault(wasCurrent, []), SecretVersionStages.Previous];
            }

            stages[versionId] = [.. stages.GetValueOrDefault(versionId, []), SecretVersionStages.Current];
        }

        return this with { VersionIdsToStages = stages, LastChangedDate = at };

        bool Drops(string id, string label) =>
            (id == versionId && label == SecretVersionStages.Pending)
            || (moving && label is SecretVersionStages.Current or SecretVersionStages.Previous);
    }
}
