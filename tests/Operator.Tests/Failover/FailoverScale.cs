using System.Globalization;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// How long the failover scenario runs, how often the leader dies, how many resources rotate, and the leader
/// election's settings. CI runs the smoke size, with a short lease so that a killed leader is replaced within
/// seconds; <c>ROTATOR_FAILOVER_MINUTES</c> runs the full size (leader killed every 30 s for that many
/// minutes, 20 resources) with the operator's default lease (15 s, renew deadline 10 s, retry every 2 s).
/// </summary>
internal sealed record FailoverScale(TimeSpan Duration, TimeSpan KillEvery, int Resources, IReadOnlyList<string> ElectionArguments)
{
    public const string Variable = "ROTATOR_FAILOVER_MINUTES";

    public static FailoverScale Smoke { get; } = new(
        TimeSpan.FromSeconds(48), TimeSpan.FromSeconds(8), 10, ["--lease-duration", "4s", "--renew-deadline", "3s", "--retry-period", "1s"]);

    public static FailoverScale FromEnvironment() =>
        double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? new FailoverScale(TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(30), 20, [])
            : Smoke;
}
