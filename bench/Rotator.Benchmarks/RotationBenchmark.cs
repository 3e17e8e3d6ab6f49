using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Benchmarks;

/// <summary>
/// Many MySQL alternating-users rotations due at the same moment, run by the real operator in this
/// process against the real API server, AWS endpoint and database. Each of N RotatingSecrets has its own
/// database user, Secrets Manager secret (with one admin secret per namespace as <c>masterarn</c>) and
/// Deployment to restart. Once every Secret is mirrored, all N rotations are made due at once (one cron
/// slot, or rotate-now on all); measured: the time until all finished, whether any secret saw two
/// rotations, AWS throttling and write rate, and how long the Secret update and the restart patch
/// trail each finishSecret. Everything created is removed afterwards.
/// </summary>
/// <param name="loggerFactory">Where the benchmark logs its progress.</param>
/// <param name="operatorLogging">Sets up the operator's log providers (level already set from the options).</param>
public sealed class RotationBenchmark(ILoggerFactory loggerFactory, Action<ILoggingBuilder> operatorLogging)
{
    /// <summary>The histogram the operator keeps of finishSecret → Secret written / restart patch sent.</summary>
    public const string PropagationMetric = "rotator_propagation_seconds";

    private const string RunLabel = "rotator.io/bench-run";

    /// <summary>The operator's <c>--qps</c> default, for planning the schedule slot.</summary>
    private const double DefaultQps = 20;


    private readonly ILogger logger = loggerFactory.CreateLogger<RotationBenchmark>();

    public async Task<RotationBenchmarkResult> RunAsync(RotationBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Namespaces, 1);

        using var clients = new BenchClients(options.Kubeconfig, options.Context, options.Region, options.AwsEndpoint, loggerFactory);
        var (client, aws, kubeconfig) = (clients.Kube, clients.Aws, clients.Kubeconfig);

        var runId = Guid.NewGuid().ToString("N")[..8];
        var namespaces = Enumerable.Range(0, options.Namespaces)
            .Select(j => string.Create(CultureInfo.InvariantCulture, $"{options.NamespacePrefix}-{runId}-{j}"))
            .ToList();
        var run = new Run(options, runId, namespaces, client, aws, kubeconfig, new MySqlBenchUsers(options.MySql));
        try
        {
            await SetUpAsync(run, cancellationToken);
            return await MeasureAsync(run, cancellationToken);
        }
        finally
        {
            await CleanUpAsync(run);
        }
    }

    private async Task SetUpAsync(Run run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var started = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.LoadConcurrency, CancellationToken = cancellationToken };
        await CrdSetup.EnsureAsync(run.Client, logger, cancellationToken);
        foreach (var ns in run.Namespaces)
        {
            await run.Client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken);
            run.CreatedNamespaces.Add(ns);

            // Tenancy: a RotatingSecret may name only secrets under its own namespace, its admin secret included.
            var admin = new JsonObject { ["engine"] = "mysql", ["host"] = options.MySql.Host, ["port"] = options.MySql.Port, ["username"] = options.MySql.User, ["password"] = options.MySql.Password };
            await CreateSecretAsync(run, AdminSecretId(ns), admin, cancellationToken);
        }

        var traces = new ConcurrentBag<RotationTrace>();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Count), parallel, async (i, token) =>
        {
            var ns = run.Namespaces[i % run.Namespaces.Count];
            var name = string.Create(CultureInfo.InvariantCulture, $"db-{i:D5}");
            var user = string.Create(CultureInfo.InvariantCulture, $"rb{run.Id[..6]}_{i:D5}");

            // Generated, never logged or printed; the rotation replaces it with one of the operator's.
            var password = RandomNumberGenerator.GetHexString(24);
            await run.Users.CreateAsync(user, password, token);
            var value = new JsonObject
            {
                ["engine"] = "mysql", ["host"] = options.MySql.Host, ["port"] = options.MySql.Port, ["username"] = user, ["password"] = password,
                ["dbname"] = "mysql", ["masterarn"] = AdminSecretId(ns),
            };
            var secretId = $"{ns}/{name}";
            var version = await CreateSecretAsync(run, secretId, value, token);
            traces.Add(new RotationTrace(ns, name, secretId, user, version));
            await run.Client.For(ResourceTypes.Deployments).CreateAsync(ns, Deployment(run, name), token);
        });
        run.Traces.AddRange(traces.OrderBy(t => t.Name, StringComparer.Ordinal));

        var resources = run.Client.For(RotatingSecretResource.Type);
        var creating = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(run.Traces, parallel, async (trace, token) =>
            await resources.CreateAsync(trace.Namespace, Resource(run, trace), token));
        run.CreateDuration = Stopwatch.GetElapsedTime(creating);
        logger.LogInformation(
            "Set up {Count} database users, Secrets Manager secrets, Deployments and RotatingSecrets in {Namespaces} namespaces in {Elapsed}",
            options.Count, run.Namespaces.Count, started.Elapsed);
    }

    private async Task<RotationBenchmarkResult> MeasureAsync(Run run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var loads = new List<double>();
        SampleLoad(loads);
        await using var watch = await RotationWatch.StartAsync(run.Client, run.Traces, $"{RunLabel}={run.Id}", loggerFactory, cancellationToken);
        var finishLog = new RotationFinishLog();
        var start = Stopwatch.GetTimestamp();
        await using var op = await OperatorInProcess.StartAsync(
            OperatorArguments.Build(run.Kubeconfig, options.Context, run.Namespaces, options.RefreshInterval, options.Region, options.Workers, options.Qps, options.Burst),
            options.AwsEndpoint,
            options.Region,
            logging =>
            {
                logging.SetMinimumLevel(options.OperatorLogLevel);
                operatorLogging(logging);
                finishLog.Register(logging);
            });
        await WaitForAllAsync(run, t => t.Mirrored, "mirrored", cancellationToken);
        var mirrored = Stopwatch.GetElapsedTime(start);
        logger.LogInformation("All {Count} Secrets mirrored {Elapsed} after the operator started", options.Count, mirrored);
        SampleLoad(loads);

        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poller = new AwsPendingPoller(run.Aws, run.Traces, options.PollConcurrency);
        var sampler = new AwsWriteSampler(op.Metrics);
        var before = await op.Metrics.RenderAsync(cancellationToken);
        var sampling = Task.WhenAll(poller.RunAsync(stopSampling.Token), sampler.RunAsync(stopSampling.Token));

        var (due, patching) = await MakeDueAsync(run, cancellationToken);
        await WaitForAllAsync(run, t => t.Finished, "rotated", cancellationToken);
        var allFinished = Stopwatch.GetTimestamp();
        logger.LogInformation("All {Count} rotations finished {Elapsed} after they were due", options.Count, Stopwatch.GetElapsedTime(due, allFinished));
        SampleLoad(loads);
        await WaitForAllAsync(run, t => t.Propagated, "Secret updated and Deployment restarted", cancellationToken);
        await stopSampling.CancelAsync();
        await sampling;
        foreach (var trace in run.Traces)
        {
            trace.FinishLogged = finishLog.Finished.TryGetValue(trace.SecretId, out var at) ? at : null;
        }

        var after = await op.Metrics.RenderAsync(cancellationToken);
        var final = await FinalStateAsync(run, cancellationToken);

        return new RotationBenchmarkResult
        {
            Count = options.Count,
            Namespaces = run.Namespaces.Count,
            DueBy = options.DueBy,
            MySqlTls = options.MySqlTls,
            Workers = op.Workers,
            Qps = op.Qps,
            Burst = op.Burst,
            WriteBudget = new AwsClientOptions().WritesPerSecond,
            InitialMirror = mirrored,
            Patching = patching,
            Completion = Stopwatch.GetElapsedTime(due, allFinished),
            FinishedAfterDue = [.. run.Traces.Select(t => Stopwatch.GetElapsedTime(due, t.FinishedSeen!.Value))],
            RotatedOnce = final.Count(f => f.RotatedOnce),
            VersionCounts = [.. final.Select(f => f.Versions)],
            MaxRotationIds = run.Traces.Max(t => t.RotationIds),
            DroppedRotations = run.Traces.SelectMany(t => t.DroppedRotations).GroupBy(r => r, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            MaxHistory = run.Traces.Max(t => t.MaxHistory),
            MaxPendingIds = run.Traces.Max(t => t.PendingIds),
            PendingSightings = poller.PendingSightings,
            PollRounds = poller.Rounds,
            AwsCalls = MetricsText.Sum(after, "rotator_aws_calls_total", "operation").Minus(MetricsText.Sum(before, "rotator_aws_calls_total", "operation")),
            AwsOutcomes = MetricsText.Sum(after, "rotator_aws_calls_total", "outcome").Minus(MetricsText.Sum(before, "rotator_aws_calls_total", "outcome")),
            MaxWritesPerSecond = sampler.MaxWritesPerSecond,
            WriteSeconds = sampler.BusySteps,
            Restarts = MetricsText.Sum(after, "rotator_restarts_total", "result").Minus(MetricsText.Sum(before, "rotator_restarts_total", "result")),
            SecretPropagation = [.. run.Traces.Select(t => t.SecretPropagation).OfType<TimeSpan>()],
            RestartPropagation = [.. run.Traces.Select(t => t.RestartPropagation).OfType<TimeSpan>()],
            Histogram = PropagationHistogram.From(after),
            LoadAverages = loads,
            LeaderTerms = op.LeaderTerms,
        };
    }

    /// <returns>The moment all became due (a <see cref="Stopwatch"/> timestamp) and how long the patches took.</returns>
    private async Task<(long Due, TimeSpan Patching)> MakeDueAsync(Run run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var resources = run.Client.For(RotatingSecretResource.Type);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.LoadConcurrency, CancellationToken = cancellationToken };
        var started = Stopwatch.GetTimestamp();
        if (options.DueBy == RotationDueBy.RotateNow)
        {
            var request = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.RotateNow] = run.Id } } };
            await Parallel.ForEachAsync(run.Traces, parallel, async (trace, token) =>
                await resources.PatchAsync(trace.Namespace, trace.Name, request.DeepClone(), V1Patch.PatchType.MergePatch, token));
            var patching = Stopwatch.GetElapsedTime(started);
            logger.LogInformation("rotate-now set on {Count} RotatingSecrets in {Elapsed}", options.Count, patching);
            return (started, patching);
        }

        // One cron slot for all: the first whole minute that leaves time to patch them all (about as long as
        // creating them took; twice that, the API server's load varies) and for the operator to take in every
        // patch (one status write each at its QPS) before the slot.
        var now = DateTimeOffset.UtcNow;
        var earliest = now + options.ScheduleLead + (2 * run.CreateDuration) + TimeSpan.FromSeconds(options.Count / (options.Qps ?? DefaultQps));
        var slot = new DateTimeOffset(earliest.Year, earliest.Month, earliest.Day, earliest.Hour, earliest.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var schedule = string.Create(CultureInfo.InvariantCulture, $"cron({slot.Minute} {slot.Hour} {slot.Day} {slot.Month} ? {slot.Year})");
        var due = started + (long)((slot - now).TotalSeconds * Stopwatch.Frequency);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["rotation"] = new JsonObject { ["schedule"] = schedule } } };
        await Parallel.ForEachAsync(run.Traces, parallel, async (trace, token) =>
            await resources.PatchAsync(trace.Namespace, trace.Name, patch.DeepClone(), V1Patch.PatchType.MergePatch, token));
        var took = Stopwatch.GetElapsedTime(started);
        if (Stopwatch.GetTimestamp() > due)
        {
            logger.LogWarning("Patching {Count} schedules took {Elapsed}, past the slot {Slot:u}: the rotations were due before the operator saw them all", options.Count, took, slot);
        }

        logger.LogInformation("schedule {Schedule} set on {Count} RotatingSecrets in {Elapsed}; due in {Wait}", schedule, options.Count, took, slot - DateTimeOffset.UtcNow);
        return (due, took);
    }

    /// <summary>What Secrets Manager and the statuses hold once everything settled.</summary>
    private static async Task<IReadOnlyList<FinalState>> FinalStateAsync(Run run, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = run.Options.LoadConcurrency, CancellationToken = cancellationToken };
        var states = new ConcurrentBag<FinalState>();
        await Parallel.ForEachAsync(run.Traces, parallel, async (trace, token) =>
        {
            var versions = await run.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(trace.SecretId) { IncludeDeprecated = true }, token);
            var current = versions.Versions.SingleOrDefault(v => v.VersionStages.Contains(SecretVersionStages.Current))?.VersionId;
            var pending = versions.Versions.Any(v => v.VersionStages.Contains(SecretVersionStages.Pending));

            // Exactly one new version, made current, on the clone user, by one rotation (one version id, one history entry).
            var once = versions.Versions.Count == 2 && current is not null && current == trace.NewVersionId && current != trace.InitialVersionId
                && !pending && trace.CurrentUsername == trace.User + "_clone" && trace.RotationIds == 1 && trace.MaxHistory == 1 && trace.PendingIds <= 1;
            states.Add(new FinalState(versions.Versions.Count, once));
        });
        return [.. states];
    }

    private async Task WaitForAllAsync(Run run, Func<RotationTrace, bool> done, string what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var missing = run.Traces.Count(t => !done(t));
            if (missing == 0)
            {
                return;
            }

            if (waited.Elapsed > run.Options.Timeout)
            {
                var example = run.Traces.First(t => !done(t));
                throw new TimeoutException($"gave up waiting {run.Options.Timeout} for all RotatingSecrets to be {what}: {missing} of {run.Traces.Count} still not (e.g. {example.Namespace}/{example.Name})");
            }

            if (waited.Elapsed - lastReport > TimeSpan.FromSeconds(30))
            {
                lastReport = waited.Elapsed;
                logger.LogInformation("Waiting for all RotatingSecrets to be {What}: {Missing} of {Count} to go after {Elapsed}", what, missing, run.Traces.Count, waited.Elapsed);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Stops nothing (the operator is gone by now): strips finalizers, deletes the namespaces, AWS secrets and database users. Best effort.</summary>
    private async Task CleanUpAsync(Run run)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = run.Options.LoadConcurrency };
        try
        {
            var resources = run.Client.For(RotatingSecretResource.Type);
            foreach (var ns in run.CreatedNamespaces)
            {
                var left = await resources.ListAllAsync(ns, new ListOptions { Limit = 500 }, CancellationToken.None);

                // With the operator stopped, nobody would remove its finalizer and the namespace would never go.
                await Parallel.ForEachAsync(left.Items, parallel, async (resource, token) =>
                    await resources.PatchAsync(ns, resource.Metadata.Name!, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, V1Patch.PatchType.MergePatch, token));
                await run.Client.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
            }

            await Parallel.ForEachAsync(run.CreatedSecrets.Keys, parallel, async (id, token) =>
            {
                try
                {
                    await run.Aws.DeleteSecretAsync(id, SecretDeletion.Immediately, token);
                }
                catch (ResourceNotFoundException)
                {
                    // Already gone.
                }
            });
        }
        catch (Exception e) when (e is KubernetesApiException or AwsServiceException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning(e, "Cleaning up namespaces {Namespaces} failed; delete them (and their RotatingSecrets' finalizers) by hand", string.Join(", ", run.CreatedNamespaces));
        }

        var failed = await run.Users.DropAllAsync(run.Options.LoadConcurrency);
        if (failed > 0)
        {
            logger.LogWarning("Dropping the run's database users (rb{Prefix}_*) failed {Failed} times; drop them by hand", run.Id[..6], failed);
        }
    }

    private static async Task<string> CreateSecretAsync(Run run, string id, JsonObject value, CancellationToken cancellationToken)
    {
        var created = await run.Aws.CreateSecretAsync(new CreateSecretOptions(id) { Value = SecretPayload.FromString(value.ToJsonString()) }, cancellationToken);
        run.CreatedSecrets[id] = 0;
        return created.VersionId ?? throw new InvalidOperationException($"CreateSecret of {id} returned no VersionId");
    }

    private static string AdminSecretId(string ns) => $"{ns}/mysql-admin";

    private static RotatingSecret Resource(Run run, RotationTrace trace) => new()
    {
        Metadata = new V1ObjectMeta { Name = trace.Name, Labels = new Dictionary<string, string> { [RunLabel] = run.Id } },
        Spec = new RotatingSecretSpec
        {
            SecretId = trace.SecretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, Mysql = new MySqlSpec { Tls = run.Options.MySqlTls } },

            // No kubelet runs the pods, so rollouts never finish: the restart patch is sent, nothing waits for it.
            Restart = new RestartSpec { Targets = [new RestartTarget { Kind = WorkloadKind.Deployment, Name = trace.Name }], WaitForRollout = false },
        },
    };

    /// <summary>A consumer of the Secret. No replicas: the restart patch is what is measured, and a pod per rotation would only load the controller manager.</summary>
    private static V1Deployment Deployment(Run run, string name)
    {
        var json = $$"""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": { "name": "{{name}}", "labels": { "{{RunLabel}}": "{{run.Id}}" } },
              "spec": {
                "replicas": 0,
                "selector": { "matchLabels": { "app": "{{name}}" } },
                "template": {
                  "metadata": { "labels": { "app": "{{name}}" } },
                  "spec": { "containers": [ { "name": "app", "image": "example.invalid/app:1", "envFrom": [ { "secretRef": { "name": "{{name}}" } } ] } ] }
                }
              }
            }
            """;
        return KubernetesJson.Deserialize<V1Deployment>(json);
    }

    private static void SampleLoad(List<double> loads)
    {
        if (MachineInfo.LoadAverage() is { } load)
        {
            loads.Add(load);
        }
    }

    /// <param name="Versions">Versions of the secret in Secrets Manager, deprecated ones included.</param>
    /// <param name="RotatedOnce">Exactly one rotation happened and took effect.</param>
    private sealed record FinalState(int Versions, bool RotatedOnce);

    /// <summary>One run's namespaces, clients and what was created (for the clean-up).</summary>
    private sealed record Run(
        RotationBenchmarkOptions Options, string Id, IReadOnlyList<string> Namespaces, KubernetesApi Client, ISecretsManager Aws, string Kubeconfig, MySqlBenchUsers Users)
    {
        public List<RotationTrace> Traces { get; } = [];

        public List<string> CreatedNamespaces { get; } = [];

        public ConcurrentDictionary<string, byte> CreatedSecrets { get; } = new(StringComparer.Ordinal);

        /// <summary>How long creating the RotatingSecrets took: a guide to how long patching them all takes.</summary>
        public TimeSpan CreateDuration { get; set; }
    }
}
