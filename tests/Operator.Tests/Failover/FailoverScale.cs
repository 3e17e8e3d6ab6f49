using System.Globalization;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// How long the failover scenario runs, how often the leader dies, how many resources rotate.
/// CI runs the smoke size; <c>ROTATOR_FAILOVER_MINUTES</c> runs the full size (leader killed
/// every 30 s for that many minutes, 20 resources).
/// </summary>
internal sealed record FailoverScale(TimeSpan Duration, TimeSpan KillEvery, int Resources)
{
    public const string Variable = "ROTATOR_FAILOVER_MINUTES";

    public static FailoverScale Smoke { get; } = new(TimeSpan.FromSeconds(48), TimeSpan.FromSeconds(8), 10);

    public static FailoverScale FromEnvironment() =>
        double.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? new FailoverScale(TimeSpan.FromMinutes(minutes), TimeSpan.FromSeconds(30), 20)
            : Smoke;
}
