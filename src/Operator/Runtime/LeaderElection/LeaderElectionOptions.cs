namespace Rotator.Operator.Runtime.LeaderElection;

/// <summary>client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry.</summary>
public sealed record LeaderElectionOptions
{
    public required string LeaseNamespace { get; init; }

    public string LeaseName { get; init; } = "rotator-leader";

    /// <summary>Pod name plus a random suffix, so a restarted pod with the same name is a new candidate.</summary>
    public required string Identity { get; init; }

    /// <summary>How long a non-renewed lease stays valid for the others.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up (stops its workers) when it could not renew for this long: strictly less than <see cref="LeaseDuration"/>, so it stops before anyone else may start.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On shutdown, hand the lease back so a standby takes over at once instead of after <see cref="LeaseDuration"/>.</summary>
    public bool ReleaseOnCancel { get; init; } = true;
}
