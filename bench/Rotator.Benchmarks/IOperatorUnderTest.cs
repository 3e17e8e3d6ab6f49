namespace Rotator.Benchmarks;

/// <summary>
/// The operator a benchmark measures, wherever it runs: in the benchmark's process
/// (<see cref="OperatorInProcess"/>) or as a process of its own (<see cref="OperatorChildProcess"/>).
/// Counts come from its <c>/metrics</c> text either way; memory and CPU from the process it runs in.
/// </summary>
public interface IOperatorUnderTest : IAsyncDisposable
{
    /// <summary>Where it runs, for the result table, e.g. <c>in this process</c>.</summary>
    string Mode { get; }

    /// <summary>Whether <see cref="RssNow"/>, <see cref="RssPeak"/> and <see cref="CpuTime"/> are the operator's alone.</summary>
    bool OwnProcess { get; }

    /// <summary>The settings in effect (the operator's defaults where the benchmark passed none).</summary>
    int Workers { get; }

    double Qps { get; }

    int Burst { get; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp at which starting it began: the cold start is timed from here.</summary>
    long StartedAt { get; }

    /// <summary>Resident set of its process before it had work to do (see the implementations for when exactly).</summary>
    long RssBefore { get; }

    /// <summary>Managed heap at the same moment as <see cref="RssBefore"/>.</summary>
    long ManagedBefore { get; }

    /// <summary>Whether <see cref="ManagedHeapAsync"/> (and <see cref="ManagedBefore"/>) are taken after full collections, or include uncollected garbage.</summary>
    bool ManagedHeapSettled { get; }

    /// <summary>Its metrics in the Prometheus text format, as a scrape of <c>/metrics</c> reads them.</summary>
    Task<string> MetricsAsync(CancellationToken cancellationToken);

    /// <summary>Managed heap now.</summary>
    Task<long> ManagedHeapAsync(CancellationToken cancellationToken);

    /// <summary>Resident set of its process now (VmRSS).</summary>
    long RssNow();

    /// <summary>Peak resident set of its process (VmHWM) since it started.</summary>
    long RssPeak();

    /// <summary>User plus system CPU time its process has used.</summary>
    TimeSpan CpuTime();
}
