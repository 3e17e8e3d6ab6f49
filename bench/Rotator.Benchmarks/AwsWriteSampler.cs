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
                (last, lastAt) = await SampleAsync(last, lastAt, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Done: the rotations are over. A burst shorter than one step would otherwise never be sampled,
            // so the writes since the last tick are counted too, spread over at least a whole step.
            await SampleAsync(last, lastAt, CancellationToken.None);
        }
    }

    private async Task<(long Writes, long At)> SampleAsync(long last, long lastAt, CancellationToken cancellationToken)
    {
        var writes = Writes(await metrics.RenderAsync(cancellationToken));
        var at = Stopwatch.GetTimestamp();
        var seconds = Math.Max(Step.TotalSeconds, Stopwatch.GetElapsedTime(lastAt, at).TotalSeconds);
        MaxWritesPerSecond = Math.Max(MaxWritesPerSecond, (writes - last) / seconds);
        BusySteps += writes > last ? 1 : 0;
        return (writes, at);
    }
}
