using System.Diagnostics;
using Rotator.Operator.Metrics;

namespace Rotator.Benchmarks;

/// <summary>
/// Reads the operator's <c>rotator_aws_calls_total</c> once a second and keeps the highest rate of write
/// attempts over any one-second step, the way a Prometheus <c>rate()</c> over a short range would see it.
/// </summary>
public sealed class AwsWriteSampler(RotatorMetrics metrics)
{
    /// <summary>The operations the operator's AWS client counts against its write budget.</summary>
    public static readonly IReadOnlySet<string> WriteOperations = new HashSet<string>(StringComparer.Ordinal)
    {
        "PutSecretValue", "UpdateSecretVersionStage", "RotateSecret", "CreateSecret", "DeleteSecret", "UpdateSecret", "ResetUserPassword",
    };

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    /// <summary>Write attempts per second over the busiest step.</summary>
    public double MaxWritesPerSecond { get; private set; }

    /// <summary>Steps with at least one write: how long the writes went on, to a second.</summary>
    public int BusySteps { get; private set; }

    public static long Writes(string exposition) =>
        MetricsText.Sum(exposition, "rotator_aws_calls_total", "operation").Sum(WriteOperations.Contains);

    public async Task RunAsync(CancellationToken stop)
    {
        var last = Writes(await metrics.RenderAsync(stop));
        var lastAt = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(Step);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var writes = Writes(await metrics.RenderAsync(stop));
                var at = Stopwatch.GetTimestamp();
                var rate = (writes - last) / Stopwatch.GetElapsedTime(lastAt, at).TotalSeconds;
                MaxWritesPerSecond = Math.Max(MaxWritesPerSecond, rate);
                BusySteps += writes > last ? 1 : 0;
                (last, lastAt) = (writes, at);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Done: the rotations are over.
        }
    }
}
