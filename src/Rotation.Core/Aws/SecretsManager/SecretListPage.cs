using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>One page of ListSecrets; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record SecretListPage
{
    [JsonPropertyName("SecretList")]
    public IReadOnlyList<SecretDescription> Secrets { get; init; } = [];

    public string? NextToken { get; init; }
}
