using System.Globalization;
using System.Text;

namespace Rotator.Benchmarks;

/// <summary>One run of <see cref="ControllerBenchmark"/>; sizes in bytes.</summary>
public sealed record ControllerBenchmarkResult
{
    /// <summary>Idle refreshes per hour at the production default refresh interval of 5 minutes.</summary>
    public const double RefreshesPerHourAt5m = 12;

    public required int Count { get; init; }

    /// <summary>Namespaces the RotatingSecrets were spread over.</summary>
    public int Namespaces { get; init; } = 1;

    /// <summary>Whether the operator watched the whole cluster.</summary>
    public bool ClusterWide { get; init; }

    /// <summary>Where the operator ran, e.g. <c>in this process</c> (<see cref="IOperatorUnderTest.Mode"/>).</summary>
    public string OperatorMode { get; init; } = "in this process";

    /// <summary>Whether the operator had a process of its own: then memory and CPU are its alone.</summary>
    public bool OperatorOwnProcess { get; init; }

    /// <summary>
    /// Peak resident set (VmHWM) to the end of the idle phase: of the operator's own process since it
    /// started, or of the benchmark's process from just before the operator started.
    /// </summary>
    public long RssPeak { get; init; }

    /// <summary>CPU time of the operator's process spent during the idle phase, as a share of one core.</summary>
    public double IdleCpuCores { get; init; }

    public required int New { get; init; }

    public required TimeSpan NewSpacing { get; init; }

    public required TimeSpan RefreshInterval { get; init; }

    public required int Workers { get; init; }

    public required double Qps { get; init; }

    public required int Burst { get; init; }

    /// <summary>From starting the operator to the last of the <see cref="Count"/> Secrets holding its VersionId.</summary>
    public required TimeSpan ColdStart { get; init; }

    /// <summary>From starting the operator to every RotatingSecret Ready and no write for a while.</summary>
    public required TimeSpan Settled { get; init; }

    /// <summary>The operator's Kubernetes requests from its start until settled.</summary>
    public required RequestTally<KubernetesRequest> ColdStartRequests { get; init; }

    /// <summary>The operator's AWS calls (attempts) by operation from its start until settled.</summary>
    public required RequestTally<string> ColdStartAwsCalls { get; init; }

    /// <summary>Reconciles from its start until settled.</summary>
    public required long ColdStartReconciles { get; init; }

    /// <summary>Create of a new RotatingSecret to its Secret holding the VersionId, one per new resource.</summary>
    public required IReadOnlyList<TimeSpan> NewLatencies { get; init; }

    /// <summary>Whether the managed heap sizes are taken after full collections (in process) or include uncollected garbage (the operator's <c>dotnet_gc_heap_bytes</c>).</summary>
    public bool ManagedHeapSettled { get; init; } = true;

    public required long ManagedBefore { get; init; }

    public required long RssBefore { get; init; }

    public required long ManagedIdle { get; init; }

    public required long RssIdle { get; init; }

    /// <summary>How long the idle counts were taken over.</summary>
    public required TimeSpan IdleDuration { get; init; }

    public required RequestTally<KubernetesRequest> IdleRequests { get; init; }

    public required RequestTally<string> IdleAwsCalls { get; init; }

    /// <summary>Reconciles while idle: each one is a refresh.</summary>
    public required long IdleRefreshes { get; init; }

    /// <summary>Refresh intervals between the settled cold start and the idle window.</summary>
    public required int WarmUpIntervals { get; init; }

    /// <summary>Process start to <c>/readyz</c> 200 in the cold start (the operator as its own process only).</summary>
    public TimeSpan? StartToReady { get; init; }

    /// <summary>The warm restart, when asked for.</summary>
    public RestartMeasure? Restart { get; init; }

    /// <summary>The memory cgroup at the end of the idle phase, when the operator ran under a limit.</summary>
    public CgroupMeasure? Cgroup { get; init; }

    /// <summary>One-minute load averages sampled at phase boundaries.</summary>
    public required IReadOnlyList<double> LoadAverages { get; init; }

    public TimeSpan NewP50 => LatencyText.Percentile(NewLatencies, 0.50);

    public TimeSpan NewP99 => LatencyText.Percentile(NewLatencies, 0.99);

    /// <summary>Writes (create, update, patch, delete) per idle refresh, Lease renewals apart: should be 0.</summary>
    public double WritesPerIdleRefresh => PerRefresh(IdleRequests.Sum(r => r.IsWrite && !r.IsLease));

    /// <summary>Should be 0: an idle refresh reads the value only when AWSCURRENT moved or the Secret changed.</summary>
    public double GetSecretValuePerIdleRefresh => PerRefresh(IdleAwsCalls["GetSecretValue"]);

    /// <summary>Refreshes done per RotatingSecret per refresh interval: 1 when the operator keeps up.</summary>
    public double RefreshesPerInterval =>
        Count == 0 || IdleDuration <= TimeSpan.Zero ? 0 : IdleRefreshes / (Count * (IdleDuration / RefreshInterval));

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var refreshes = Math.Max(1, IdleRefreshes);
        var leaseWritesPerMinute = IdleRequests.Sum(r => r.IsWrite && r.IsLease) / IdleDuration.TotalMinutes;
        var table = new StringBuilder();
        table.Append("| measure | result |\n|---|---|\n");
        Row(table, "setup", string.Create(c,
            $"{Count:N0} RotatingSecrets (strategy None, one Secrets Manager secret each) in {(Namespaces == 1 ? "one namespace" : $"{Namespaces} namespaces")}{(ClusterWide ? ", operator cluster-wide" : "")}; operator: {Workers} workers, QPS {Qps:0.##}, burst {Burst}, refreshInterval {DurationText.Format(RefreshInterval)}"));
        Row(table, "operator", OperatorMode);
        Row(table, $"cold start: operator start → all {Count:N0} Secrets hold their VersionId", string.Create(c,
            $"**{ColdStart.TotalSeconds:F1} s** ({Count / ColdStart.TotalSeconds:F1} Secrets/s); every RotatingSecret Ready and writes quiet after {Settled.TotalSeconds:F1} s"));
        Row(table, "cold start: Kubernetes requests per RotatingSecret", string.Create(c,
            $"{ColdStartRequests.Total / (double)Count:F2}: {ColdStartRequests.Describe(Count)}"));
        Row(table, "cold start: reconciles and AWS calls per RotatingSecret", string.Create(c,
            $"{ColdStartReconciles / (double)Count:F2} reconciles; {ColdStartAwsCalls.Describe(Count)}"));
        Row(table, string.Create(c, $"new RotatingSecret → its Secret mirrored ({NewLatencies.Count} created {DurationText.Format(NewSpacing)} apart while the others refresh)"),
            LatencyText.Summary(NewLatencies));
        Row(table, ManagedHeapSettled ? "managed heap after a full GC: before start → idle" : "managed heap (its dotnet_gc_heap_bytes, uncollected garbage included): /metrics first answered → idle", string.Create(c,
            $"{Mib(ManagedBefore)} → {Mib(ManagedIdle)} (+{Mib(ManagedIdle - ManagedBefore)}, {(ManagedIdle - ManagedBefore) / 1024.0 / Count:F1} KiB per RotatingSecret{(ManagedHeapSettled ? ", the host's fixed cost included" : "")})"));
        Row(table, OperatorOwnProcess ? "operator's resident set (RSS): /metrics first answered → idle (peak)" : "resident set (RSS): before start → idle (peak)",
            $"{Mib(RssBefore)} → {Mib(RssIdle)} (+{Mib(RssIdle - RssBefore)}; peak {Mib(RssPeak)}{(OperatorOwnProcess ? ", the operator's alone" : ", benchmark's own watches included")})");
        Row(table, "CPU while idle (refreshing every resource)", string.Create(c, $"{IdleCpuCores * 100:F1}% of one core{(OperatorOwnProcess ? "" : ", the benchmark's included")}"));
        Row(table, string.Create(c, $"idle refreshes ({IdleDuration.TotalSeconds:F0} s = {IdleDuration / RefreshInterval:F1} intervals, after {WarmUpIntervals} of warm-up)"), string.Create(c,
            $"{IdleRefreshes:N0} = {RefreshesPerInterval:F2} per RotatingSecret per interval{(RefreshesPerInterval < 0.9 ? " (the operator does not keep up)" : "")}"));
        Row(table, "Kubernetes requests per idle refresh", IdleRequests.Describe(refreshes, r => !r.IsLease));
        Row(table, "**Kubernetes writes per idle refresh** (Lease renewals apart)", string.Create(c,
            $"**{WritesPerIdleRefresh:0.###}** (Lease: {leaseWritesPerMinute:0.#} writes per minute, whatever the load)"));
        Row(table, "AWS calls per idle refresh", string.Create(c,
            $"{IdleAwsCalls.Describe(refreshes)}; **GetSecretValue {GetSecretValuePerIdleRefresh:0.###}**"));
        Row(table, "**AWS calls per secret-hour at refreshInterval 5m**", string.Create(c,
            $"**{IdleAwsCalls.Total * RefreshesPerHourAt5m / refreshes:0.##}**: {IdleAwsCalls.Describe(refreshes / RefreshesPerHourAt5m)} (12 refreshes an hour; the operator's jitter of up to +10% makes it about 11.4)"));
        var secretHours = Count * IdleDuration.TotalHours;
        Row(table, string.Create(c, $"AWS calls per secret-hour as measured (refreshInterval {DurationText.Format(RefreshInterval)}, over {IdleDuration.TotalMinutes:F0} min)"), string.Create(c,
            $"{IdleAwsCalls.Total / secretHours:0.###}: {IdleAwsCalls.Describe(secretHours)} (by the clock: a window that ends before some jittered refreshes does not inflate it)"));
        if (StartToReady is { } ready)
        {
            Row(table, "operator start → `/readyz` 200 (informers synced, lease held), cold start", string.Create(c, $"**{ready.TotalSeconds:F2} s**"));
        }

        if (Cgroup is { } group)
        {
            Row(table, string.Create(c, $"memory cgroup, limit {Mib(group.Limit)}: highest charge; times the limit was hit; OOM kills"), string.Create(c,
                $"{Mib(group.MaxUsage)}; failcnt {group.Failcnt:N0}; **{group.OomKills} OOM kills**, operator {(group.Alive ? "alive" : "**gone**")} (charge at idle: {Mib(group.Anonymous)} anonymous, {Mib(group.PageCache)} page cache)"));
        }

        if (Restart is { } restart)
        {
            Row(table, string.Create(c, $"**warm restart** (all {restart.Reconciled:N0} mirrored): start → ready; start → every resource reconciled"), string.Create(c,
                $"{(restart.StartToReady is { } r ? $"{r.TotalSeconds:F2} s" : "n/a")}; **{restart.StartToAllReconciled.TotalSeconds:F1} s**"));
            Row(table, "warm restart: **Kubernetes writes** (Lease apart); **GetSecretValue**; all requests", string.Create(c,
                $"**{restart.Writes}**; **{restart.GetSecretValue}**; {restart.Requests.Describe(1, r => !r.IsLease)} (AWS: {restart.AwsCalls.Describe(1)})"));
        }

        Row(table, "load average (1 min) at phase boundaries", LoadAverages.Count == 0
            ? "unknown"
            : string.Create(c, $"{LoadAverages.Min():F1} to {LoadAverages.Max():F1} ({string.Join(", ", LoadAverages.Select(l => l.ToString("F1", c)))})"));
        return table.ToString();
    }

    private static void Row(StringBuilder table, string measure, string result) =>
        table.Append("| ").Append(measure).Append(" | ").Append(result).Append(" |\n");

    private double PerRefresh(long calls) => IdleRefreshes == 0 ? double.NaN : calls / (double)IdleRefreshes;

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB");
}
