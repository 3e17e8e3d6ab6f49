using System.Globalization;

namespace Rotator.Benchmarks;

/// <summary>One run of <see cref="InformerBenchmark"/>; sizes in bytes.</summary>
public sealed record InformerBenchmarkResult
{
    public const string MarkdownHeader =
        "| objects | namespaces | start to synced | managed heap peak (Δ) | managed retained (Δ) | per object | RSS peak (Δ) |\n" +
        "|---:|---:|---:|---:|---:|---:|---:|";

    public required int Count { get; init; }

    public required int Namespaces { get; init; }

    /// <summary>Objects created by this run (the rest existed already).</summary>
    public required int Created { get; init; }

    /// <summary>Objects of other sizes of the set deleted by this run.</summary>
    public required int Deleted { get; init; }

    /// <summary>Objects in the informer's store once synced.</summary>
    public required int StoreCount { get; init; }

    /// <summary>From starting the informer (new client, new connection) to <c>HasSynced</c>.</summary>
    public required TimeSpan SyncTime { get; init; }

    /// <summary>Managed heap after a full collection, before the informer started.</summary>
    public required long BaselineManaged { get; init; }

    /// <summary>Highest managed heap size (garbage included) sampled while syncing.</summary>
    public required long PeakManaged { get; init; }

    /// <summary>Managed heap after a full collection with the synced informer alive.</summary>
    public required long RetainedManaged { get; init; }

    /// <summary>Resident set size when the informer started.</summary>
    public required long BaselineRss { get; init; }

    /// <summary>Peak resident set size during the sync (VmHWM, reset before the sync where Linux allows it).</summary>
    public required long PeakRss { get; init; }

    /// <summary>True when <see cref="PeakRss"/> covers only the sync; false when it is the whole process's peak.</summary>
    public required bool PeakRssIsSyncOnly { get; init; }

    /// <summary>(Retained - baseline) / count: what one cached object costs.</summary>
    public long BytesPerObject => Count == 0 ? 0 : (RetainedManaged - BaselineManaged) / Count;

    /// <summary>A row under <see cref="MarkdownHeader"/>; Δ is the growth over the settled state before the informer started.</summary>
    public string ToMarkdownRow() => string.Create(
        CultureInfo.InvariantCulture,
        $"| {Count:N0} | {Namespaces} | {SyncTime.TotalSeconds:F2} s | {Mib(PeakManaged - BaselineManaged)} | {Mib(RetainedManaged - BaselineManaged)} | {BytesPerObject / 1024.0:F1} KiB | {Mib(PeakRss)} (+{Mib(PeakRss - BaselineRss)}){(PeakRssIsSyncOnly ? "" : ", process peak")} |");

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F1} MiB");
}
