namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>How long testSecret keeps binding with the pending password before it calls the password broken.</summary>
/// <remarks>
/// A domain has several controllers and ResetUserPassword lands on one of them; a bind that reaches another may see the
/// old password until replication catches up (seconds inside a site, longer across sites). So a refused bind is retried
/// with a doubling delay until <see cref="BindRetryTimeout"/> has passed since the first attempt.
/// </remarks>
public sealed record DirectoryServiceAdminOptions
{
    /// <summary>The longest testSecret waits for the pending password to bind; zero makes a single attempt.</summary>
    public TimeSpan BindRetryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Delay before the second attempt; doubled after each attempt.</summary>
    public TimeSpan BindRetryFirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the delay between attempts.</summary>
    public TimeSpan BindRetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);
}
