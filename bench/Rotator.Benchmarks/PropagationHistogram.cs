namespace Rotator.Benchmarks;

/// <summary>
/// The operator's own <c>rotator_propagation_seconds</c> histogram (finishSecret → Secret written, stage
/// <c>secret</c>; → restart patch sent, stage <c>restart</c>), as quantiles interpolated from its buckets.
/// Null fields: the operator under test does not have that histogram (or observed nothing).
/// </summary>
public sealed record PropagationHistogram(long SecretCount, double? SecretP50, double? SecretP99, long RestartCount, double? RestartP50, double? RestartP99)
{
    public static PropagationHistogram From(string exposition)
    {
        var counts = MetricsText.Sum(exposition, RotationBenchmark.PropagationMetric + "_count", "stage");
        double? Q(string stage, double q) => MetricsText.HistogramQuantile(exposition, RotationBenchmark.PropagationMetric, "stage", stage, q);
        return new PropagationHistogram(counts["secret"], Q("secret", 0.50), Q("secret", 0.99), counts["restart"], Q("restart", 0.50), Q("restart", 0.99));
    }
}
