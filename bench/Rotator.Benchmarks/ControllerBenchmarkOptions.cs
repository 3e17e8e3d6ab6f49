using Microsoft.Extensions.Logging;

namespace Rotator.Benchmarks;

/// <summary>What <see cref="ControllerBenchmark"/> creates, how the operator runs, and how long it watches.</summary>
public sealed record ControllerBenchmarkOptions
{
    /// <summary>RotatingSecrets (strategy None, one Secrets Manager secret each) present before the operator starts.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>RotatingSecrets created one at a time while the others are being refreshed.</summary>
    public int New { get; init; } = 50;

    /// <summary>Pause between the starts of two creates (a create whose Secret takes longer is waited for first).</summary>
    public TimeSpan NewSpacing { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The operator's <c>--refresh-interval</c> (the RotatingSecrets do not set their own).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Refresh intervals of idleness over which AWS calls and Kubernetes writes are counted.</summary>
    public int IdleIntervals { get; init; } = 3;

    /// <summary>
    /// Refresh intervals between the settled cold start and the idle window, not counted. A resource's
    /// first refreshes after its Secret was written describe its secret while the shared listing is still
    /// being built; steady state starts after them.
    /// </summary>
    public int WarmUpIntervals { get; init; } = 1;

    /// <summary>The operator's <c>--workers</c>; null keeps its default.</summary>
    public int? Workers { get; init; }

    /// <summary>The operator's <c>--qps</c>; null keeps its default.</summary>
    public double? Qps { get; init; }

    /// <summary>The operator's <c>--burst</c>; null keeps its default.</summary>
    public int? Burst { get; init; }

    /// <summary>kubeconfig for the operator and the benchmark's own client (null: the operator's default lookup).</summary>
    public string? Kubeconfig { get; init; }

    public string? Context { get; init; }

    /// <summary>Secrets Manager endpoint (moto); the benchmark creates and deletes secrets there.</summary>
    public required Uri AwsEndpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>The run's namespaces are <c>{prefix}-{random}-{n}</c>, created for it and deleted after.</summary>
    public string NamespacePrefix { get; init; } = "rotator-bench-ctl";

    /// <summary>Namespaces the RotatingSecrets are spread over, round robin.</summary>
    public int Namespaces { get; init; } = 1;

    /// <summary>
    /// Run the operator cluster-wide (no <c>--namespaces</c>), as a platform team would for many
    /// namespaces: one watch per resource type instead of one per namespace. Use it on a test bed of
    /// its own, since the operator then also reconciles whatever else the cluster holds.
    /// </summary>
    public bool ClusterWide { get; init; }

    /// <summary>
    /// Run the operator as a process of its own (<c>dotnet rotator.dll</c>) instead of in the benchmark's
    /// process, so resident memory and CPU are the operator's alone rather than the operator's plus the
    /// benchmark's loader, watches and heap. Counts come from its <c>/metrics</c> either way.
    /// </summary>
    public bool OperatorProcess { get; init; }

    /// <summary>
    /// After the new resources, stop the operator and start it again with everything mirrored: the time to ready and
    /// to every resource reconciled, and its Kubernetes writes and <c>GetSecretValue</c> calls meanwhile (both should be 0).
    /// </summary>
    public bool Restart { get; init; }

    /// <summary>Run the operator (<see cref="OperatorProcess"/> only) in a cgroup v1 memory group with this limit, as a pod's memory limit.</summary>
    public long? MemoryLimit { get; init; }

    /// <summary>Creates in flight at once while loading (RotatingSecrets and AWS secrets).</summary>
    public int LoadConcurrency { get; init; } = 16;

    /// <summary>Give up when the cold start (or one new resource) takes longer than this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The operator's log level: its per-reconcile Information lines would cost the measured process time.</summary>
    public LogLevel OperatorLogLevel { get; init; } = LogLevel.Warning;
}
