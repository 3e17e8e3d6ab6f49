namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A secret DeleteSecret removed or scheduled for removal.</summary>
public sealed record DeletedSecret
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>When the secret is (or was) deleted for good.</summary>
    public DateTimeOffset? DeletionDate { get; init; }
}
