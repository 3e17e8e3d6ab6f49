namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>One page of ListSecretVersionIds; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record SecretVersionPage
{
    public string Arn { get; init; } = "";

    public string Name { get; init; } = "";

    public IReadOnlyList<SecretVersionEntry> Versions { get; init; } = [];

    public string? NextToken { get; init; }
}
