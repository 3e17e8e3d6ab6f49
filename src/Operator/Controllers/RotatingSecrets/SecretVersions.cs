using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Which version of a described secret carries a staging label.</summary>
public static class SecretVersions
{
    /// <summary>The AWSCURRENT version id, or null when the secret has none yet.</summary>
    public static string? CurrentOf(SecretDescription description) => Labelled(description, SecretVersionStages.Current);

    /// <summary>The AWSPREVIOUS version id, if any.</summary>
    public static string? PreviousOf(SecretDescription description) => Labelled(description, SecretVersionStages.Previous);

    /// <summary>The AWSPENDING version id, if any (a rotation in flight, this operator's or another tool's).</summary>
    public static string? PendingOf(SecretDescription description) => Labelled(description, SecretVersionStages.Pending);

    private static string? Labelled(SecretDescription description, string stage)
    {
        ArgumentNullException.ThrowIfNull(description);
        return description.VersionIdsToStages.FirstOrDefault(kv => kv.Value.Contains(stage)).Key;
    }
}
