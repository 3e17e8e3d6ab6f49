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

    /// <summary>
    /// How long a lookup waits for the listing <see cref="SecretCatalog.Prime"/> started before it describes
    /// instead: long enough for 100 pages (10,000 secrets) at ListSecrets' pace, short enough that a crowded
    /// account holds a restarted operator's first passes for no more than this.
    /// </summary>
    public TimeSpan PrimedWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Pause after ListSecrets is denied: the permission is optional, and may be granted later.</summary>
    public TimeSpan RetryAfterDenied { get; init; } = TimeSpan.FromHours(1);
}
