namespace Rotator.Api;

/// <summary>Which workloads restart when the Secret changes, and when.</summary>
public sealed record RestartSpec
{
    /// <summary>Explicit consumers.</summary>
    public IReadOnlyList<RestartTarget>? Targets { get; init; }

    /// <summary>Also restart workloads whose pod template references the Secret (env, envFrom, volumes, projected volumes).</summary>
    public bool? Discover { get; init; }

    /// <summary>Default: UsernameChange for MySQLAlternatingUsers, AnyChange otherwise.</summary>
    public RestartWhen? When { get; init; }

    /// <summary>Track each rollout to completion (default true).</summary>
    public bool? WaitForRollout { get; init; }
}
