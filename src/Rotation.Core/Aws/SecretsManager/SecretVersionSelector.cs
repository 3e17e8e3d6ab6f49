namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>
/// Which version of a secret to read. There is no way to build one that names neither a stage nor a
/// version id: without either, GetSecretValue falls back to a service-side default, which emulators
/// (moto) get wrong after stage moves, and which hides intent during a rotation.
/// </summary>
public sealed record SecretVersionSelector
{
    private SecretVersionSelector(string? versionId, string? versionStage)
    {
        VersionId = versionId;
        VersionStage = versionStage;
    }

    public string? VersionId { get; }

    public string? VersionStage { get; }

    /// <summary>The version labelled <c>AWSCURRENT</c>.</summary>
    public static SecretVersionSelector Current { get; } = new(null, SecretVersionStages.Current);

    /// <summary>The version labelled <c>AWSPENDING</c>.</summary>
    public static SecretVersionSelector Pending { get; } = new(null, SecretVersionStages.Pending);

    /// <summary>The version labelled <c>AWSPREVIOUS</c>.</summary>
    public static SecretVersionSelector Previous { get; } = new(null, SecretVersionStages.Previous);

    public static SecretVersionSelector ByStage(string versionStage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionStage);
        return new(null, versionStage);
    }

    public static SecretVersionSelector ById(string versionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        return new(versionId, null);
    }

    /// <summary>A version id that must also carry the stage; the service refuses the read otherwise.</summary>
    public static SecretVersionSelector ByIdAndStage(string versionId, string versionStage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(versionStage);
        return new(versionId, versionStage);
    }
}
