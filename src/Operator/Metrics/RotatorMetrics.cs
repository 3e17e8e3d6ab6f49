using System.Text;
using Prometheus;
using Rotator.Kubernetes.Http;
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
    private readonly Counter rotations;
    private readonly Counter rollbacks;
    private readonly Histogram stepDurations;
    private readonly Gauge secretAge;
    private readonly Gauge nextRotation;
    private readonly Counter awsCalls;
    private readonly Histogram awsDurations;
    private readonly Counter kubernetesRequests;
    private readonly Counter restarts;
    private readonly Counter reconciles;
    private readonly Counter reconcileErrors;
    private readonly Histogram reconcileDurations;
    private readonly Gauge queueDepth;
    private readonly Histogram queueLatency;
    private readonly Counter queueAdds;
    private readonly Counter queueRetries;
    private readonly Gauge leader;
    private readonly Gauge rolloutPending;
    private readonly Gauge awaitingApproval;
    private readonly Histogram propagation;

    // When each observed secret's AWSCURRENT last changed; its age is computed from this at scrape time.
    // The lock also keeps a deletion from racing a scrape that would bring the age back.
    private readonly Lock secretsGate = new();
    private readonly Dictionary<(string Namespace, string Name), DateTimeOffset> lastChanges = [];

    public RotatorMetrics(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;

        // Exemplars exist only in OpenMetrics; /metrics serves the text format 0.0.4, so reading the
        // current Activity on every increment would be work nobody sees.
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        factory.ExemplarBehavior = ExemplarBehavior.NoExemplars();
        rotations = factory.CreateCounter("rotator_rotations_total", "Rotations finished, by strategy and result.", "strategy", "result");
        rollbacks = factory.CreateCounter("rotator_rollbacks_total", "Rollbacks to AWSPREVIOUS, by strategy and result (Succeeded, Refused, Failed).", "strategy", "result");
        stepDurations = CreateHistogram(factory, "rotator_rotation_step_duration_seconds", "Duration of one rotation step.", StepBuckets, "strategy", "step");
        secretAge = factory.CreateGauge("rotator_secret_age_seconds", "Seconds since the secret's AWSCURRENT version last changed.", "namespace", "name");
        nextRotation = factory.CreateGauge("rotator_next_rotation_timestamp_seconds", "When the next rotation is due, as a Unix timestamp.", "namespace", "name");
        awsCalls = factory.CreateCounter("rotator_aws_calls_total", "AWS call attempts, by outcome (success, throttled, retried, timeout, connection_error, or the AWS error code).", "service", "operation", "outcome");
        awsDurations = CreateHistogram(factory, "rotator_aws_call_duration_seconds", "Duration of one AWS call attempt on the wire.", AwsBuckets, "service", "operation");
        // Like client-go's rest_client_requests_total, but by verb and resource: which informer or
        // controller leans on the API server shows without its audit log. No namespace or name labels.
        kubernetesRequests = factory.CreateCounter("rotator_kubernetes_requests_total",
            "Kubernetes API requests sent (each attempt), by verb, resource (subresource after a slash) and HTTP status code (timeout, cancelled or error when no response came).",
            "verb", "resource", "code");
        restarts = factory.CreateCounter("rotator_restarts_total", "Workload restarts requested after a rotation, by kind and result.", "kind", "result");
        reconciles = factory.CreateCounter("rotator_reconcile_total", "Reconciles, by controller and result (success, requeue, error, terminal).", "controller", "result");
        reconcileErrors = factory.CreateCounter("rotator_reconcile_errors_total", "Reconciles that failed (retried or terminal).", "controller");
        reconcileDurations = CreateHistogram(factory, "rotator_reconcile_duration_seconds", "Duration of one reconcile.", ReconcileBuckets, "controller");
        queueDepth = factory.CreateGauge("rotator_workqueue_depth", "Items waiting in the work queue.", "queue");
        queueLatency = CreateHistogram(factory, "rotator_workqueue_latency_seconds", "Time an item waited from its add until a worker took it.", QueueLatencyBuckets, "queue");
        queueAdds = factory.CreateCounter("rotator_workqueue_adds_total", "Items added to the work queue (duplicates of a waiting item not counted).", "queue");
        queueRetries = factory.CreateCounter("rotator_workqueue_retries_total", "Failed items handed back for a rate-limited retry.", "queue");
        // No lease label: the Lease is a setting fixed for the life of the process, and Prometheus's own
        // job/instance labels already tell replicas and installations apart, so max(rotator_leader) per
        // job is the whole question "does anyone lead?". Created at 0 so that a standby exports it too.
        leader = factory.CreateGauge("rotator_leader", "1 while this replica holds the leader Lease (or runs without leader election), else 0.");
        rolloutPending = factory.CreateGauge("rotator_rollout_pending_workloads", "Workloads restarted after a rotation whose rollout has not finished yet.", "namespace", "name");
        awaitingApproval = factory.CreateGauge("rotator_rotations_awaiting_approval", "1 while the resource's rotation waits for approval before setSecret (approval: Manual), else 0.", "namespace", "name");
        propagation = CreateHistogram(factory, "rotator_propagation_seconds",
            "Time from a rotation's finishSecret (AWSCURRENT moved) to the mirrored Secret written (stage=secret) and to the last consumer's restart patch sent (stage=restart).",
            PropagationBuckets, "stage");
        Registry.AddBeforeCollectCallback(CollectSecretAges);
        ProcessMetrics.Register(Registry, factory);
    }

    /// <summary>The content type of <see cref="ExportAsync"/>'s output: the text format 0.0.4.</summary>
    public const string ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;

    /// <summary>The families above and the process basics, on a registry of their own (nothing from prometheus-net's default registry).</summary>
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>Writes every family in the text format 0.0.4 (<see cref="ContentType"/>); what <c>/metrics</c> serves.</summary>
    public Task ExportAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, ExpositionFormat.PrometheusText, cancellationToken);

    /// <summary>The exposition <see cref="ExportAsync"/> writes, as a string: for tests and the benchmarks.</summary>
    public async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await ExportAsync(buffer, cancellationToken);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A rotation ended; <paramref name="result"/> is a short word such as <c>success</c> or <c>failed</c>.</summary>
    public void RotationFinished(string strategy, string result) => rotations.WithLabels(strategy, result).Inc();

    /// <summary>A rollback attempt ended with <paramref name="result"/> (Succeeded, Refused or Failed).</summary>
    public void RollbackFinished(string strategy, string result) => rollbacks.WithLabels(strategy, result).Inc();

    /// <summary>A finished rotation reached <paramref name="stage"/> (<c>secret</c> or <c>restart</c>) <paramref name="elapsed"/> after AWSCURRENT moved.</summary>
    public void Propagated(string stage, TimeSpan elapsed) => propagation.WithLabels(stage).Observe(elapsed.TotalSeconds);

    /// <summary>One step of a rotation (e.g. <c>create_pending</c>, <c>set_database</c>, <c>finish</c>) took <paramref name="duration"/>.</summary>
    public void StepFinished(string strategy, string step, TimeSpan duration) => stepDurations.WithLabels(strategy, step).Observe(duration.TotalSeconds);

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
                secretAge.RemoveLabelled(ns, name);
            }

            if (nextRotationAt is { } next)
            {
                nextRotation.WithLabels(ns, name).Set(next.ToUnixTimeMilliseconds() / 1000.0);
            }
            else
            {
                nextRotation.RemoveLabelled(ns, name);
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
            secretAge.RemoveLabelled(ns, name);
            nextRotation.RemoveLabelled(ns, name);
            rolloutPending.RemoveLabelled(ns, name);
            awaitingApproval.RemoveLabelled(ns, name);
        }
    }

    /// <summary>
    /// This replica started (<c>true</c>) or stopped (<c>false</c>) leading: its workers run only in between.
    /// Without leader election the runtime reports <c>true</c> while the controllers run.
    /// </summary>
    public void Leading(bool leading) => leader.Set(leading ? 1 : 0);

    /// <summary>
    /// Whether the resource's rotation waits for approval. Only a resource whose rotations can wait
    /// (<paramref name="canWait"/>: <c>approval: Manual</c>) or does wait has the series, 1 while waiting and 0
    /// otherwise; one that never waits has none, so thousands of resources without approvals cost no series
    /// (about 500 bytes of memory each). The sample goes with <see cref="ResourceDeleted"/>.
    /// </summary>
    public void AwaitingApproval(string ns, string name, bool canWait, bool waiting)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(name);
        if (canWait || waiting)
        {
            awaitingApproval.WithLabels(ns, name).Set(waiting ? 1 : 0);
        }
        else
        {
            awaitingApproval.RemoveLabelled(ns, name);
        }
    }

    /// <summary>
    /// How many workloads restarted for the RotatingSecret's current version have not finished rolling out, of
    /// <paramref name="restarted"/> restarted for it. Zero keeps the sample at 0 rather than removing it:
    /// "restarted, nothing pending" stays distinguishable from "never observed", and the alert on it resolves on
    /// a value instead of on a vanishing series. A resource that restarted nothing for its current version has
    /// no series (thousands of resources without consumers to restart cost none). The sample goes with
    /// <see cref="ResourceDeleted"/>.
    /// </summary>
    public void RolloutPending(string ns, string name, int pending, int restarted)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(pending);
        if (restarted > 0 || pending > 0)
        {
            rolloutPending.WithLabels(ns, name).Set(pending);
        }
        else
        {
            rolloutPending.RemoveLabelled(ns, name);
        }
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
        awsDurations.WithLabels(service, operation).Observe(duration.TotalSeconds);
    }

    void IKubernetesRequestObserver.OnRequest(string verb, string resource, string code) => kubernetesRequests.WithLabels(verb, resource, code).Inc();

    private static Histogram CreateHistogram(MetricFactory factory, string name, string help, double[] buckets, params string[] labelNames) =>
        factory.CreateHistogram(name, help, labelNames, new HistogramConfiguration { Buckets = buckets });

    // A clock behind the last change (skew between AWS and us) would read as a negative age.
    private static double AgeSeconds(DateTimeOffset changed, DateTimeOffset now) => Math.Max(0, (now - changed).TotalSeconds);

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
