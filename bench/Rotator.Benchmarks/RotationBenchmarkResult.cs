using System.Globalization;
using System.Text;
using Rotator.Api;

namespace Rotator.Benchmarks;

/// <summary>One run of <see cref="RotationBenchmark"/>.</summary>
public sealed record RotationBenchmarkResult
{
    public required int Count { get; init; }

    public required int Namespaces { get; init; }

    public required RotationDueBy DueBy { get; init; }

    public required TlsMode MySqlTls { get; init; }

    public required int Workers { get; init; }

    public required double Qps { get; init; }

    public required int Burst { get; init; }

    /// <summary>The operator's AWS write budget, calls per second.</summary>
    public required double WriteBudget { get; init; }

    /// <summary>From starting the operator to every RotatingSecret Ready on its first version.</summary>
    public required TimeSpan InitialMirror { get; init; }

    /// <summary>How long setting the schedules (or rotate-now annotations) took.</summary>
    public required TimeSpan Patching { get; init; }

    /// <summary>From the moment all were due to the last status showing its rotation Succeeded.</summary>
    public required TimeSpan Completion { get; init; }

    /// <summary>Per resource: due → the watch showing the status with the rotation Succeeded.</summary>
    public required IReadOnlyList<TimeSpan> FinishedAfterDue { get; init; }

    /// <summary>Resources with exactly one new version in Secrets Manager, current, on the clone user, from one rotation.</summary>
    public required int RotatedOnce { get; init; }

    /// <summary>Versions per secret at the end, deprecated ones included (2 after one rotation).</summary>
    public required IReadOnlyList<int> VersionCounts { get; init; }

    /// <summary>Most distinct <c>status.rotation.versionId</c> values one resource showed (1: one rotation each).</summary>
    public required int MaxRotationIds { get; init; }

    /// <summary>Rotations that left the status without succeeding, by the Rotating condition's reason then.</summary>
    public required IReadOnlyDictionary<string, int> DroppedRotations { get; init; }

    /// <summary>Most history entries one resource showed.</summary>
    public required int MaxHistory { get; init; }

    /// <summary>Most distinct AWSPENDING versions the poll caught on one secret (at most 1).</summary>
    public required int MaxPendingIds { get; init; }

    public required long PendingSightings { get; init; }

    public required int PollRounds { get; init; }

    /// <summary>The operator's AWS call attempts by operation from due to done.</summary>
    public required RequestTally<string> AwsCalls { get; init; }

    /// <summary>The same attempts by outcome (<c>success</c>, <c>throttled</c>, ...).</summary>
    public required RequestTally<string> AwsOutcomes { get; init; }

    public required double MaxWritesPerSecond { get; init; }

    /// <summary>One-second steps in which the operator wrote to AWS at all.</summary>
    public required int WriteSeconds { get; init; }

    /// <summary><c>rotator_restarts_total</c> by result from due to done.</summary>
    public required RequestTally<string> Restarts { get; init; }

    /// <summary>Per resource: the operator's end-of-rotation log → the watch showing the Secret with the new version.</summary>
    public required IReadOnlyList<TimeSpan> SecretPropagation { get; init; }

    /// <summary>Per resource: the operator's end-of-rotation log → the watch showing the Deployment's restart annotation.</summary>
    public required IReadOnlyList<TimeSpan> RestartPropagation { get; init; }

    public required PropagationHistogram Histogram { get; init; }

    /// <summary>One-minute load averages at phase boundaries.</summary>
    public required IReadOnlyList<double> LoadAverages { get; init; }

    /// <summary>Leader terms the operator won over the whole run: 1 when it never stood down.</summary>
    public required long LeaderTerms { get; init; }

    /// <summary>Times the leader missed its renew deadline and stood down (then won again).</summary>
    public long StandDowns => Math.Max(0, LeaderTerms - 1);

    public long Throttled => AwsOutcomes["throttled"];

    public long Writes => AwsCalls.Sum(AwsWriteSampler.WriteOperations.Contains);

    /// <summary>The least time the writes could take within the write budget (its burst aside).</summary>
    public TimeSpan WriteBound => TimeSpan.FromSeconds(Writes / WriteBudget);

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var table = new StringBuilder();
        table.Append("| measure | result |\n|---|---|\n");
        Row(table, "setup", string.Create(c,
            $"{Count:N0} RotatingSecrets (MySQLAlternatingUsers on MariaDB, TLS {MySqlTls}) in {Namespaces} namespaces, each with its own user, Secrets Manager secret and Deployment (restart, waitForRollout false); operator: {Workers} workers, QPS {Qps:0.##}, burst {Burst}, AWS write budget {WriteBudget:0.##}/s"));
        Row(table, "made due", DueBy == RotationDueBy.Schedule
            ? string.Create(c, $"one cron slot for all (schedules patched in {Patching.TotalSeconds:F1} s ahead of it); all {Count:N0} Secrets first mirrored {InitialMirror.TotalSeconds:F1} s after the operator started")
            : string.Create(c, $"rotate-now on all, patched in {Patching.TotalSeconds:F1} s (timed from the first patch); all {Count:N0} Secrets first mirrored {InitialMirror.TotalSeconds:F1} s after the operator started"));
        Row(table, $"**due → all {Count:N0} rotations finished** (status history Succeeded)", string.Create(c,
            $"**{Completion.TotalSeconds:F1} s** ({Count / Completion.TotalSeconds:F1} rotations/s); per rotation due → finished: p50 {LatencyText.Percentile(FinishedAfterDue, 0.5).TotalSeconds:F1} s, first {FinishedAfterDue.Min().TotalSeconds:F1} s"));
        Row(table, "AWS writes and the write budget", string.Create(c,
            $"{Writes:N0} write attempts ({Writes / (double)Count:F2} per rotation) need ≥ {WriteBound.TotalSeconds:F0} s at {WriteBudget:0.##}/s; mean {Writes / (double)Math.Max(1, WriteSeconds):F1}/s over the {WriteSeconds} one-second steps with writes; **max {MaxWritesPerSecond:F1}/s** in any step (counted when answered: the budget applies when sent, and answers of a stalled endpoint bunch up)"));
        Row(table, "**throttled AWS attempts**", string.Create(c,
            $"**{Throttled}** (outcomes: {AwsOutcomes.Describe(1)})"));
        Row(table, "AWS calls per rotation", AwsCalls.Describe(Count));
        Row(table, "**rotated exactly once, no overlap**", string.Create(c,
            $"**{RotatedOnce:N0} of {Count:N0}**; versions per secret {VersionCounts.Min()}–{VersionCounts.Max()}; rotation ids per resource ≤ {MaxRotationIds}, history entries ≤ {MaxHistory}; AWSPENDING versions per secret ≤ {MaxPendingIds} ({PendingSightings:N0} sightings in {PollRounds} polls of every secret)"));
        Row(table, "rotations that ended without succeeding (a second rotation id on one resource)", DroppedRotations.Count == 0
            ? "none"
            : string.Join(", ", DroppedRotations.OrderByDescending(d => d.Value).Select(d => string.Create(c, $"{d.Key} {d.Value}"))));
        Row(table, "restarts (rotator_restarts_total)", Restarts.Describe(1));
        Row(table, "**leader stand-downs** (renew deadline missed; terms won − 1)", string.Create(c, $"**{StandDowns}** ({LeaderTerms} term{(LeaderTerms == 1 ? "" : "s")})"));
        Row(table, "**finishSecret → Secret updated** (operator log → watch)", string.Create(c, $"{LatencyText.Summary(SecretPropagation)}, {SecretPropagation.Count:N0} measured"));
        Row(table, "**finishSecret → restart patch** (operator log → watch)", string.Create(c, $"{LatencyText.Summary(RestartPropagation)}, {RestartPropagation.Count:N0} measured"));
        Row(table, "rotator_propagation_seconds (operator histogram, interpolated)", Histogram.SecretCount + Histogram.RestartCount == 0
            ? "not in this operator build"
            : string.Create(c, $"secret: p50 {Seconds(Histogram.SecretP50)}, p99 {Seconds(Histogram.SecretP99)} ({Histogram.SecretCount:N0}); restart: p50 {Seconds(Histogram.RestartP50)}, p99 {Seconds(Histogram.RestartP99)} ({Histogram.RestartCount:N0})"));
        Row(table, "load average (1 min) at phase boundaries", LoadAverages.Count == 0
            ? "unknown"
            : string.Join(", ", LoadAverages.Select(l => l.ToString("F1", c))));
        return table.ToString();
    }

    private static string Seconds(double? s) => s is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v * 1000:F0} ms") : "n/a";

    private static void Row(StringBuilder table, string measure, string result) =>
        table.Append("| ").Append(measure).Append(" | ").Append(result).Append(" |\n");
}
