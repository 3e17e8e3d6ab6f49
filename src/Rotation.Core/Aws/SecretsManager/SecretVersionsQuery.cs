namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>Which secret's versions to list, and which page (ListSecretVersionIds).</summary>
public sealed record SecretVersionsQuery(string SecretId)
{
    /// <summary>Include versions without staging labels (which Secrets Manager deletes in time).</summary>
    public bool IncludeDeprecated { get; init; }

    public int? MaxResults { get; init; }

    public string? NextToken { get; init; }
}
