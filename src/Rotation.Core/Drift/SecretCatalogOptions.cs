namespace Rotator.Rotation.Drift;

/// <summary>When <see cref="SecretCatalog"/> lists instead of letting callers describe.</summary>
public sealed record SecretCatalogOptions
{
    /// <summary>
    /// Distinct secrets asked about before the first listing is tried. Below this a listing cannot pay
    /// for itself in an account of any size, and a handful of DescribeSecret calls is cheap anyway.
    /// </summary>
    public int MinimumSecrets { get; init; } = 10;

    /// <summary>Page size of ListSecrets; 100 is the service's maximum.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Pause after a failed listing (throttled, unreachable) before the next try; callers describe meanwhile.</summary>
    public TimeSpan RetryAfterFailure { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Pause after ListSecrets is denied: the permission is optional, and may be granted later.</summary>
    public TimeSpan RetryAfterDenied { get; init; } = TimeSpan.FromHours(1);
}
