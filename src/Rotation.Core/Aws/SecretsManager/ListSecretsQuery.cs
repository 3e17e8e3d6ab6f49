namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>What to list and which page (ListSecrets).</summary>
public sealed record ListSecretsQuery
{
    public IReadOnlyList<SecretFilter> Filters { get; init; } = [];

    /// <summary>Include secrets scheduled for deletion.</summary>
    public bool IncludePlannedDeletion { get; init; }

    /// <summary>Page size (1 to 100); the service's default when null.</summary>
    public int? MaxResults { get; init; }

    /// <summary>The previous page's <see cref="SecretListPage.NextToken"/>; null for the first page.</summary>
    public string? NextToken { get; init; }
}
