namespace Rotator.Testbed.Aws;

/// <summary>How often and how an <see cref="AwsFaultProxy"/> misbehaves.</summary>
public sealed record AwsFaultProxyOptions
{
    /// <summary>Share of requests answered with a fault instead of the upstream's answer.</summary>
    public double Probability { get; init; } = 0.2;

    /// <summary>Seed of the fault choices, so a failing run can be repeated.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The faults drawn from, equally likely.</summary>
    public IReadOnlyList<AwsFault> Faults { get; init; } = [AwsFault.Throttling, AwsFault.ServerError, AwsFault.Timeout, AwsFault.DroppedResponse];

    /// <summary>
    /// Faults met in order by the first requests of an operation (by name, e.g. <c>ResetUserPassword</c>), before
    /// <see cref="Probability"/> applies to it: how a test puts one exact fault in one exact place.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<AwsFault>> Planned { get; init; } = new Dictionary<string, IReadOnlyList<AwsFault>>();

    /// <summary>How long a <see cref="AwsFault.Timeout"/> holds a request; longer than the client's attempt timeout.</summary>
    public TimeSpan Hold { get; init; } = TimeSpan.FromSeconds(3);
}
