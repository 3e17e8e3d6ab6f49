using System.Diagnostics;
using Rotator.Operator.Kubernetes.Http;
using Rotator.Operator.Runtime.Queues;
using Rotator.Operator.Runtime.Reconciliation;
using Rotator.Rotation.Aws;

namespace Rotator.Operator.Metrics;

/// <summary>
/// The operator's metrics, served on <c>/metrics</c>; one per process (a DI singleton). Every label
/// value is a name (strategy, step, namespace, resource, AWS operation, error code): never pass a
/// secret value, an ARN with a secret in it or a free-form message here.
/// </summary>
public sealed class RotatorMetrics : IAwsCallObserver, IKubernetesRequestObserver
{
    private static readonly double[] ReconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
    private static readonly double[] QueueLatencyBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

    // Steps include waiting for a rollout or a directory to accept a password: minutes, not milliseconds.
    private static readonly double[] StepBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];
    private static readonly double[] PropagationBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] AwsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly TimeProvider time;
    private readonly CounterFamily rotations;
    private readonly CounterFamily rollbacks;
    private readonly HistogramFamily stepDurations;
    private readonly GaugeFamily secretAge;
    private readonly GaugeFamily nextRotation;
    private readonly CounterFamily awsCalls;
    private readonly HistogramFamily awsDurations;
    private readonly CounterFamily kubernetesRequests;
    private readonly CounterFamily restarts;
    private readonly CounterFamily reconciles;
    private readonly CounterFamily reconcileErrors;
    private readonly HistogramFamily reconcileDurations;
    private readonly GaugeFamily queueDepth;
    private readonly HistogramFamily queueLatency;
    private readonly CounterFamily queueAdds;
    private readonly CounterFamily queueRetries;
    private readonly Gauge leader;
    private readonly GaugeFamily rolloutPending;
    private readonly HistogramFamily propagation;

    // When each observed secret's AWSCURRENT last changed; its age is computed from this at scrape time.
    // The lock also keeps a deletion from racing a scrape that would bring the age back.
    private readonly Lock secretsGate = new();
    private readonly Dictionary<(string Namespace, string Name), DateTimeOffset> lastChanges = [];

    public RotatorMetrics(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        var registry = Registry;
        rotations = registry.AddCounter("rotator_rotations_total", "Rotations finished, by strategy and result.", "strategy", "result");
        rollbacks = registry.AddCounter("rotator_rollbacks_total", "Rollbacks to AWSPREVIOUS, by strategy and result (Succeeded, Refused, Failed).", "strategy", "result");
        stepDurations = registry.AddHistogram("rotator_rotation_step_duration_seconds", "Duration of one rotation step.", StepBuckets, "strategy", "step");
        secretAge = registry.AddGauge("rotator_secret_age_seconds", "Seconds since the secret's AWSCURRENT version last changed.", "namespace", "name");
        nextRotation = registry.AddGauge("rotator_next_rotation_timestamp_seconds", "When the next rotation is due, as a Unix timestamp.", "namespace", "name");
        awsCalls = registry.AddCounter("rotator_aws_calls_total", "AWS call attempts, by outcome (success, throttled, retried, timeout, connection_error, or the AWS error code).", "service", "operation", "outcome");
        awsDurations = registry.AddHistogram("rotator_aws_call_duration_seconds", "Duration of one AWS call attempt on the wire.", AwsBuckets, "service", "operation");
        // Like client-go's rest_client_requests_total, but by verb and resource: which informer or
        // controller leans on the API server shows without its audit log. No namespace or name labels.
        kubernetesRequests = registry.AddCounter("rotator_kubernetes_requests_total",
            "Kubernetes API requests sent (each attempt), by verb, resource (subresource after a slash) and HTTP status code (timeout, cancelled or error when no response came).",
            "verb", "resource", "code");
        restarts = registry.AddCounter("rotator_restarts_total", "Workload restarts requested after a rotation, by kind and result.", "kind", "result");
        reconciles = registry.AddCounter("rotator_reconcile_total", "Reconciles, by controller and result (success, requeue, error, terminal).", "controller", "result");
        reconcileErrors = registry.AddCounter("rotator_reconcile_errors_total", "Reconciles that failed (retried or terminal).", "controller");
        reconcileDurations = registry.AddHistogram("rotator_reconcile_duration_seconds", "Duration of one reconcile.", ReconcileBuckets, "controller");
        queueDepth = registry.AddGauge("rotator_workqueue_depth", "Items waiting in the work queue.", "queue");
        queueLatency = registry.AddHistogram("rotator_workqueue_latency_seconds", "Time an item waited from its add until a worker took it.", QueueLatencyBuckets, "queue");
        queueAdds = registry.AddCounter("rotator_workqueue_adds_total", "Items added to the work queue (duplicates of a waiting item not counted).", "queue");
        queueRetries = registry.AddCounter("rotator_workqueue_retries_total", "Failed items handed back for a rate-limited retry.", "queue");
        // No lease label: the Lease is a setting fixed for the life of the process, and Prometheus's own
        // job/instance labels already tell replicas and installations apart, so max(rotator_leader) per
        // job is the whole question "does anyone lead?". Created at 0 so that a standby exports it too.
        leader = registry.AddGauge("rotator_leader", "1 while this replica holds the leader Lease (or runs without leader election), else 0.").WithLabels();
        rolloutPending = registry.AddGauge("rotator_rollout_pending_workloads", "Workloads restarted after a rotation whose rollout has not finished yet.", "namespace", "name");
        propagation = registry.AddHistogram("rotator_propagation_seconds",
            "Time from a rotation's finishSecret (AWSCURRENT moved) to the mirrored Secret written (stage=secret) and to the last consumer's restart patch sent (stage=restart).",
            PropagationBuckets, "stage");
        registry.AddCollector(CollectSecretAges);
        AddProcessMetrics(registry);
    }

    /// <summary>The families above; rendered by <c>/metrics</c>.</summary>
    public MetricsRegistry Registry { get; } = new();

    /// <summary>A rotation ended; <paramref name="result"/> is a short word such as <c>success</c> or <c>failed</c>.</summary>
    public void RotationFinished(string strategy, string result) => rotations.WithLabels(strategy, result).Inc();

    /// <summary>A rollback attempt ended with <paramref name="result"/> (Succeeded, Refused or Failed).</summary>
    public void RollbackFinished(string strategy, string result) => rollbacks.WithLabels(strategy, result).Inc();

    /// <summary>A finished rotation reached <paramref name="stage"/> (<c>secret</c> or <c>restart</c>) <paramref name="elapsed"/> after AWSCURRENT moved.</summary>
    public void Propagated(string stage, TimeSpan elapsed) => propagation.WithLabels(stage).Observe(elapsed);

    /// <summary>One step of a rotation (e.g. <c>create_pending</c>, <c>set_database</c>, <c>finish</c>) took <paramref name="duration"/>.</summary>
    public void StepFinished(string strategy, string step, TimeSpan duration) => stepDurations.WithLabels(strategy, step).Observe(duration);

    /// <summary>
    /// The reconciler looked at a RotatingSecret: when its AWSCURRENT version last changed and when the
    /// next rotation is due. A null leaves that sample out (never rotated, nothing scheduled).
    /// </summary>
    public void SecretObserved(string ns, string name, DateTimeOffset? lastChanged, DateTimeOffset? nextRotationAt)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(name);
        lock (secretsGate)
        {
            if (lastChanged is { } changed)
            {
                lastChanges[(ns, name)] = changed;
                secretAge.WithLabels(ns, name).Set(AgeSeconds(changed, time.GetUtcNow()));
            }
            else
            {
                lastChanges.Remove((ns, name));
                secretAge.Remove(ns, name);
            }

            if (nextRotationAt is { } next)
            {
                nextRotation.WithLabels(ns, name).Set(next.ToUnixTimeMilliseconds() / 1000.0);
            }
            else
            {
                nextRotation.Remove(ns, name);
            }
        }
    }

    /// <summary>The RotatingSecret is gone: its per-resource samples go too, or they would be exported for ever.</summary>
    public void ResourceDeleted(string ns, string name)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(name);
        lock (secretsGate)
        {
            lastChanges.Remove((ns, name));
            secretAge.Remove(ns, name);
            nextRotation.Remove(ns, name);
            rolloutPending.Remove(ns, name);
        }
    }

    /// <summary>
    /// This replica started (<c>true</c>) or stopped (<c>false</c>) leading: its workers run only in between.
    /// Without leader election the runtime reports <c>true</c> while the controllers run.
    /// </summary>
    public void Leading(bool leading) => leader.Set(leading ? 1 : 0);

    /// <summary>
    /// How many workloads restarted for the RotatingSecret have not finished rolling out. Zero keeps the
    /// sample at 0 rather than removing it: "observed, nothing pending" stays distinguishable from
    /// "never observed", and the alert on it resolves on a value instead of on a vanishing series.
    /// The sample goes with <see cref="ResourceDeleted"/>.
    /// </summary>
    public void RolloutPending(string ns, string name, int workloads)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(workloads);
        rolloutPending.WithLabels(ns, name).Set(workloads);
    }

    /// <summary>An AWS call that did not go through our transport (which reports itself through <see cref="IAwsCallObserver"/>).</summary>
    public void AwsCall(string service, string operation, string outcome) => awsCalls.WithLabels(service, operation, outcome).Inc();

    /// <summary>A workload restart was requested; <paramref name="kind"/> is e.g. <c>Deployment</c>.</summary>
    public void Restarted(string kind, string result) => restarts.WithLabels(kind, result).Inc();

    /// <summary>The hook for one work queue; <paramref name="queue"/> must be unique among live queues.</summary>
    public IWorkQueueMetrics ForQueue(string queue) => new QueueMetrics(
        queueDepth.WithLabels(queue), queueAdds.WithLabels(queue), queueRetries.WithLabels(queue), queueLatency.WithLabels(queue));

    /// <summary>The hook for one controller.</summary>
    public IReconcileMetrics ForController(string controller) =>
        new ControllerMetrics(controller, reconciles, reconcileErrors, reconcileDurations);

    void IAwsCallObserver.OnAttempt(string service, string operation, string outcome, TimeSpan duration)
    {
        AwsCall(service, operation, outcome);
        awsDurations.WithLabels(service, operation).Observe(duration);
    }

    void IKubernetesRequestObserver.OnRequest(string verb, string resource, string code) => kubernetesRequests.WithLabels(verb, resource, code).Inc();

    // A clock behind the last change (skew between AWS and us) would read as a negative age.
    private static double AgeSeconds(DateTimeOffset changed, DateTimeOffset now) => Math.Max(0, (now - changed).TotalSeconds);

    private static void AddProcessMetrics(MetricsRegistry registry)
    {
        double startTime;
        using (var process = Process.GetCurrentProcess())
        {
            startTime = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        }

        registry.AddCallback("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType.Gauge, static () => Environment.WorkingSet);
        registry.AddCallback("process_cpu_seconds_total", "User and system CPU time spent, in seconds.", MetricType.Counter, static () => Environment.CpuUsage.TotalTime.TotalSeconds);
        registry.AddCallback("process_start_time_seconds", "Start time of the process as a Unix timestamp.", MetricType.Gauge, () => startTime);
        registry.AddCallback("dotnet_gc_heap_bytes", "Bytes currently allocated on the managed heap.", MetricType.Gauge, static () => GC.GetTotalMemory(forceFullCollection: false));
    }

    private void CollectSecretAges()
    {
        lock (secretsGate)
        {
            var now = time.GetUtcNow();
            foreach (var ((ns, name), changed) in lastChanges)
            {
                secretAge.WithLabels(ns, name).Set(AgeSeconds(changed, now));
            }
        }
    }
}
