using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Benchmarks;

/// <summary>
/// The real RotatingSecret controller at scale: N RotatingSecrets of strategy None (mirror only) are
/// created with their Secrets Manager secrets, then the operator starts, in this process or as a process of
/// its own (<see cref="ControllerBenchmarkOptions.OperatorProcess"/>), against the real API server and AWS
/// endpoint. Measured: the cold start until every Secret holds its VersionId, the latency of new
/// RotatingSecrets created while the others refresh, memory before and idle, and what an idle refresh
/// costs in AWS calls and Kubernetes requests (counted by the operator's own metrics). Each run uses a
/// namespace of its own and removes it (and its AWS secrets) afterwards.
/// </summary>
/// <param name="loggerFactory">Where the benchmark logs its progress.</param>
/// <param name="operatorLogging">Sets up the operator's log providers (level already set from the options).</param>
public sealed class ControllerBenchmark(ILoggerFactory loggerFactory, Action<ILoggingBuilder> operatorLogging)
{
    // Status writes trail the Secret writes by a reconcile; this long without a write means the cold start is over.
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    private readonly ILogger logger = loggerFactory.CreateLogger<ControllerBenchmark>();

    public static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"bench-{index}");

    public async Task<ControllerBenchmarkResult> RunAsync(ControllerBenchmarkOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.New);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IdleIntervals, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.WarmUpIntervals);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RefreshInterval, TimeSpan.FromSeconds(10));

        using var clients = new BenchClients(options.Kubeconfig, options.Context, options.Region, options.AwsEndpoint, loggerFactory);
        var (client, aws, kubeconfig) = (clients.Kube, clients.Aws, clients.Kubeconfig);

        var prefix = $"{options.NamespacePrefix}-{Guid.NewGuid():N}"[..Math.Min(options.NamespacePrefix.Length + 9, 55)];
        var namespaces = options.Namespaces <= 1 ? [prefix] : Enumerable.Range(0, options.Namespaces).Select(n => $"{prefix}-{n}").ToList();
        var loads = new List<double>();
        SampleLoad(loads);
        await CrdSetup.EnsureAsync(client, logger, cancellationToken);
        foreach (var ns in namespaces)
        {
            await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken);
        }

        var run = new Run(options, namespaces, client, aws, kubeconfig, loads);
        try
        {
            await LoadAsync(run, cancellationToken);
            return await MeasureAsync(run, cancellationToken);
        }
        finally
        {
            await CleanUpAsync(run);
        }
    }

    private async Task LoadAsync(Run run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var started = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.LoadConcurrency, CancellationToken = cancellationToken };

        // Every AWS secret up front, the new ones' too, so a new resource's latency is the operator's alone.
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Count + options.New), parallel, async (i, token) =>
        {
            // A small JSON value like a real credential; random, and never logged or printed.
            var value = new JsonObject { ["username"] = Name(i), ["password"] = RandomNumberGenerator.GetHexString(24) }.ToJsonString();
            run.Versions[i] = await CreateSecretAsync(run, i, value, token);
        });

        var resources = run.Client.For(RotatingSecretResource.Type);
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Count), parallel, async (i, token) =>
            await resources.CreateAsync(run.NamespaceOf(i), run.Resource(i), token));
        logger.LogInformation(
            "Loaded {Namespaces} namespaces: {Secrets} Secrets Manager secrets and {Count} RotatingSecrets in {Elapsed}",
            run.Namespaces.Count, options.Count + options.New, options.Count, started.Elapsed);
    }

    /// <summary>
    /// Creates secret <paramref name="index"/> and returns its VersionId. moto's threaded server can fail
    /// a create with a 500 under concurrent writes (its store is not thread-safe) after the secret was
    /// stored, so a 500 is retried and a secret that turns out to exist is read back.
    /// </summary>
    private static async Task<string> CreateSecretAsync(Run run, int index, string value, CancellationToken token)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var created = await run.Aws.CreateSecretAsync(new CreateSecretOptions(run.SecretId(index)) { Value = SecretPayload.FromString(value) }, token);
                return created.VersionId ?? throw new InvalidOperationException($"CreateSecret of {run.SecretId(index)} returned no VersionId");
            }
            catch (ResourceExistsException)
            {
                return (await run.Aws.GetSecretValueAsync(run.SecretId(index), SecretVersionSelector.Current, token)).VersionId;
            }
            catch (AwsServiceException e) when (e is not ResourceExistsException && (int)e.HttpStatus >= 500 && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), token);
            }
        }
    }

    private async Task<ControllerBenchmarkResult> MeasureAsync(Run run, CancellationToken cancellationToken)
    {
        var options = run.Options;

        // Cold start: every Secret of the first Count resources, with the VersionId AWS gave it.
        IOperatorUnderTest? op = null;
        using var cgroup = options.MemoryLimit is { } limit ? MemoryCgroup.Create(limit) : null;
        try
        {
            TimeSpan coldStart;
            TimeSpan? startToReady = null;
            await using (var tracker = await MirrorTracker.StartAsync(run.Client, run.Namespaces, loggerFactory, cancellationToken))
            {
                var mirrored = Enumerable.Range(0, options.Count).Select(i => tracker.Expect(run.NamespaceOf(i), Name(i), run.Versions[i])).ToList();
                op = await StartOperatorAsync(run, cgroup, cancellationToken);
                logger.LogInformation("Operator started {Mode}, answering {Elapsed} after its start", op.Mode, Stopwatch.GetElapsedTime(op.StartedAt));
                if (op is OperatorChildProcess child)
                {
                    startToReady = await child.WaitReadyAsync(options.Timeout, cancellationToken);
                    logger.LogInformation("Operator ready {Elapsed} after its start", startToReady);
                }
                var all = Task.WhenAll(mirrored);
                if (op is OperatorChildProcess running && await Task.WhenAny(all, running.Exited) != all)
                {
                    // Under a memory limit this is the result: the kernel's numbers say whether it was an OOM kill.
                    var kernel = cgroup is null ? "" : $"; cgroup: {CgroupMeasure.Of(cgroup, false)}";
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"the operator exited {Stopwatch.GetElapsedTime(op.StartedAt).TotalSeconds:F1} s into the cold start, {mirrored.Count(m => m.IsCompleted)} of {options.Count} Secrets mirrored{kernel}"));
                }

                var seen = await WaitAsync(all, options.Timeout, $"all {options.Count} Secrets to be mirrored", mirrored, cancellationToken);
                coldStart = Stopwatch.GetElapsedTime(op.StartedAt, seen.Max());
            }

            logger.LogInformation("Cold start: {Count} Secrets mirrored in {ColdStart}", options.Count, coldStart);
            var settled = await SettleAsync(run, op, cancellationToken);
            var coldMetrics = await op.MetricsAsync(cancellationToken);
            SampleLoad(run.Loads);
            logger.LogInformation("Settled {Settled} after the start; warming up for {WarmUp} and idle for {Intervals} refresh intervals", settled, options.WarmUpIntervals, options.IdleIntervals);
            await Task.Delay(options.RefreshInterval * options.WarmUpIntervals, cancellationToken);
            var warmMetrics = await op.MetricsAsync(cancellationToken);

            // Idle: nothing changes on either side, the operator only refreshes. The scrapes are outside the CPU window.
            var idleStart = Stopwatch.GetTimestamp();
            var cpuBefore = op.CpuTime();
            await Task.Delay(options.RefreshInterval * options.IdleIntervals, cancellationToken);
            var idleDuration = Stopwatch.GetElapsedTime(idleStart);
            var idleCpu = (op.CpuTime() - cpuBefore) / idleDuration;
            var idleMetrics = await op.MetricsAsync(cancellationToken);
            SampleLoad(run.Loads);
            var managedIdle = await op.ManagedHeapAsync(cancellationToken);
            var rssIdle = op.RssNow();

            // After the idle reading, so the peak is never below it (serving a scrape grows the heap a little).
            var rssPeak = op.RssPeak();

            var measured = op;
            var cgroupIdle = cgroup is null ? null : CgroupMeasure.Of(cgroup, op is OperatorChildProcess { HasExited: false });
            var latencies = await CreateNewAsync(run, cancellationToken);
            SampleLoad(run.Loads);
            RestartMeasure? restart = null;
            if (options.Restart)
            {
                await op.DisposeAsync();
                op = null;
                restart = await RestartAsync(run, cgroup, cancellationToken);
                SampleLoad(run.Loads);
            }

            return new ControllerBenchmarkResult
            {
                Count = options.Count,
                Namespaces = run.Namespaces.Count,
                ClusterWide = options.ClusterWide,
                OperatorMode = measured.Mode,
                OperatorOwnProcess = measured.OwnProcess,
                RssPeak = rssPeak,
                IdleCpuCores = idleCpu,
                New = options.New,
                NewSpacing = options.NewSpacing,
                RefreshInterval = options.RefreshInterval,
                Workers = measured.Workers,
                Qps = measured.Qps,
                Burst = measured.Burst,
                ColdStart = coldStart,
                Settled = settled,
                ColdStartRequests = MetricsText.KubernetesRequests(coldMetrics),
                ColdStartAwsCalls = AwsCalls(coldMetrics),
                ColdStartReconciles = Reconciles(coldMetrics).Total,
                NewLatencies = latencies,
                ManagedHeapSettled = measured.ManagedHeapSettled,
                ManagedBefore = measured.ManagedBefore,
                RssBefore = measured.RssBefore,
                ManagedIdle = managedIdle,
                RssIdle = rssIdle,
                IdleDuration = idleDuration,
                IdleRequests = MetricsText.KubernetesRequests(idleMetrics).Minus(MetricsText.KubernetesRequests(warmMetrics)),
                IdleAwsCalls = AwsCalls(idleMetrics).Minus(AwsCalls(warmMetrics)),
                IdleRefreshes = Reconciles(idleMetrics).Minus(Reconciles(warmMetrics)).Total,
                WarmUpIntervals = options.WarmUpIntervals,
                StartToReady = startToReady,
                Cgroup = cgroupIdle,
                Restart = restart,
                LoadAverages = run.Loads,
            };
        }
        catch (HttpRequestException e) when (op is OperatorChildProcess { HasExited: true } gone)
        {
            // Died after the cold start (a scrape found nobody): the kernel's numbers, while the group still exists.
            var kernel = cgroup is null ? "" : $"; cgroup: {CgroupMeasure.Of(cgroup, false)}";
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"the operator exited {Stopwatch.GetElapsedTime(gone.StartedAt).TotalSeconds:F1} s after its start, after the cold start{kernel}"), e);
        }
        finally
        {
            if (op is not null)
            {
                await op.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The operator, in this process or as a child process. In this process the memory baseline is taken
    /// here, after full collections, and the peak starts again from it (the loading phase's peak is not the operator's).
    /// </summary>
    private async Task<IOperatorUnderTest> StartOperatorAsync(Run run, MemoryCgroup? cgroup, CancellationToken cancellationToken)
    {
        var options = run.Options;
        if (options.OperatorProcess)
        {
            return await OperatorChildProcess.StartAsync(
                listen => Arguments(run, listen), options.AwsEndpoint, options.Region, run.Namespaces[0], options.OperatorLogLevel,
                loggerFactory.CreateLogger("Rotator.Operator"), cancellationToken, cgroup);
        }

        if (cgroup is not null)
        {
            throw new InvalidOperationException("--memory-limit needs --operator-process: the limit is the operator's alone");
        }

        var managed = ProcessMemory.SettledManagedHeap();
        var before = new OperatorMemory(ProcessMemory.Rss(), managed);
        ProcessMemory.TryResetPeak();
        return await OperatorInProcess.StartAsync(Arguments(run, null), options.AwsEndpoint, options.Region, logging =>
        {
            logging.SetMinimumLevel(options.OperatorLogLevel);
            operatorLogging(logging);
        }, before);
    }

    /// <summary>Waits until every RotatingSecret reports Ready with its version and the operator has not written anything for <see cref="Quiet"/>.</summary>
    private static async Task<TimeSpan> SettleAsync(Run run, IOperatorUnderTest op, CancellationToken cancellationToken)
    {
        var lastWrites = -1L;
        var quietSince = Stopwatch.GetTimestamp();
        var waited = Stopwatch.StartNew();
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var writes = MetricsText.KubernetesRequests(await op.MetricsAsync(cancellationToken)).Sum(r => r.IsWrite && !r.IsLease);
            if (writes != lastWrites)
            {
                lastWrites = writes;
                quietSince = Stopwatch.GetTimestamp();
                continue;
            }

            if (Stopwatch.GetElapsedTime(quietSince) < Quiet)
            {
                continue;
            }

            var listed = await ListAsync(run, cancellationToken);
            var notReady = listed.Count(r => !IsReady(r, run));
            if (notReady == 0 && listed.Count == run.Options.Count)
            {
                return Stopwatch.GetElapsedTime(op.StartedAt) - Quiet;
            }

            if (waited.Elapsed > run.Options.Timeout)
            {
                throw new TimeoutException($"{notReady} of {listed.Count} RotatingSecrets not Ready after {waited.Elapsed}");
            }
        }
    }

    /// <summary>
    /// A new operator process (or host) over the same, fully mirrored resources: timed until its reconcile count covers
    /// every resource (each cached object is reconciled once at start), then given <see cref="Quiet"/> more so a write a
    /// pass queued (a status patch, an event) is still counted.
    /// </summary>
    private async Task<RestartMeasure> RestartAsync(Run run, MemoryCgroup? cgroup, CancellationToken cancellationToken)
    {
        var expected = run.Options.Count + run.Options.New;
        cgroup?.ResetMaxUsage();
        await using var op = await StartOperatorAsync(run, cgroup, cancellationToken);
        var ready = op is OperatorChildProcess child ? await child.WaitReadyAsync(run.Options.Timeout, cancellationToken) : (TimeSpan?)null;
        var waited = Stopwatch.StartNew();
        while (Reconciles(await op.MetricsAsync(cancellationToken)).Total < expected)
        {
            if (waited.Elapsed > run.Options.Timeout)
            {
                throw new TimeoutException($"the restarted operator had not reconciled all {expected} RotatingSecrets after {waited.Elapsed}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        var all = Stopwatch.GetElapsedTime(op.StartedAt);
        logger.LogInformation("Restart: ready after {Ready}, all {Count} reconciled after {All}", ready, expected, all);
        await Task.Delay(Quiet, cancellationToken);
        var metrics = await op.MetricsAsync(cancellationToken);
        return new RestartMeasure(ready, all, MetricsText.KubernetesRequests(metrics), AwsCalls(metrics), expected);
    }

    /// <summary>New RotatingSecrets, one at a time and spaced out, each timed from its create to its Secret holding the VersionId.</summary>
    private async Task<IReadOnlyList<TimeSpan>> CreateNewAsync(Run run, CancellationToken cancellationToken)
    {
        var options = run.Options;
        var resources = run.Client.For(RotatingSecretResource.Type);
        var latencies = new List<TimeSpan>(options.New);
        await using var tracker = await MirrorTracker.StartAsync(run.Client, run.Namespaces, loggerFactory, cancellationToken);
        for (var j = 0; j < options.New; j++)
        {
            var i = options.Count + j;
            var mirrored = tracker.Expect(run.NamespaceOf(i), Name(i), run.Versions[i]);
            var created = Stopwatch.GetTimestamp();
            await resources.CreateAsync(run.NamespaceOf(i), run.Resource(i), cancellationToken);
            var seen = await WaitAsync(mirrored, options.Timeout, $"Secret {Name(i)} to be mirrored", [mirrored], cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(created, seen));
            var pause = options.NewSpacing - Stopwatch.GetElapsedTime(created);
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }

        return latencies;
    }

    private static async Task<T> WaitAsync<T>(Task<T> task, TimeSpan timeout, string what, IReadOnlyList<Task<long>> parts, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"gave up waiting {timeout} for {what}: {parts.Count(p => !p.IsCompleted)} of {parts.Count} still missing");
        }
    }

    /// <summary>Stops nothing (the operator is gone by now): strips finalizers, deletes the namespace and the AWS secrets. Best effort.</summary>
    private async Task CleanUpAsync(Run run)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = run.Options.LoadConcurrency };
        try
        {
            var resources = run.Client.For(RotatingSecretResource.Type);
            var left = await ListAsync(run, CancellationToken.None);

            // With the operator stopped, nobody would remove its finalizer and the namespace would never go.
            await Parallel.ForEachAsync(left, parallel, async (resource, token) =>
                await resources.PatchAsync(resource.Metadata.NamespaceProperty, resource.Metadata.Name!, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } }, V1Patch.PatchType.MergePatch, token));
            foreach (var ns in run.Namespaces)
            {
                await run.Client.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
            }

            await Parallel.ForEachAsync(run.Versions.Keys, parallel, async (i, token) =>
            {
                try
                {
                    await run.Aws.DeleteSecretAsync(run.SecretId(i), SecretDeletion.Immediately, token);
                }
                catch (ResourceNotFoundException)
                {
                    // Already gone.
                }
            });
        }
        catch (Exception e) when (e is KubernetesApiException or AwsServiceException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning(e, "Cleaning up namespaces {Namespaces} failed; delete them (and their RotatingSecrets' finalizers) by hand", string.Join(", ", run.Namespaces));
        }
    }

    private static string[] Arguments(Run run, Uri? listen) => OperatorArguments.Build(
        run.Kubeconfig, run.Options.Context, run.Namespaces, run.Options.RefreshInterval, run.Options.Region, run.Options.Workers, run.Options.Qps, run.Options.Burst, run.Options.ClusterWide, listen);

    private static bool IsReady(RotatingSecret resource, Run run) =>
        resource.Status?.Conditions?.Any(c => c.Type == ConditionTypes.Ready && c.Status == "True") == true
        && run.Versions.TryGetValue(Index(resource.Metadata.Name), out var version)
        && resource.Status.CurrentVersionId == version;

    private static int Index(string? name) =>
        name is not null && int.TryParse(name.AsSpan("bench-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;

    private static RequestTally<string> AwsCalls(string metrics) => MetricsText.Sum(metrics, "rotator_aws_calls_total", "operation");

    private static RequestTally<string> Reconciles(string metrics) => MetricsText.Sum(metrics, "rotator_reconcile_total", "result");

    private static void SampleLoad(List<double> loads)
    {
        if (MachineInfo.LoadAverage() is { } load)
        {
            loads.Add(load);
        }
    }

    /// <summary>The run's RotatingSecrets, from every one of its namespaces.</summary>
    private static async Task<List<RotatingSecret>> ListAsync(Run run, CancellationToken cancellationToken)
    {
        var resources = run.Client.For(RotatingSecretResource.Type);
        var all = new List<RotatingSecret>(run.Options.Count + run.Options.New);
        foreach (var ns in run.Namespaces)
        {
            all.AddRange((await resources.ListAllAsync(ns, new ListOptions { Limit = 500 }, cancellationToken)).Items);
        }

        return all;
    }

    /// <summary>One run's namespaces, clients and the VersionId each AWS secret was created with.</summary>
    private sealed record Run(ControllerBenchmarkOptions Options, IReadOnlyList<string> Namespaces, KubernetesApi Client, ISecretsManager Aws, string Kubeconfig, List<double> Loads)
    {
        public ConcurrentDictionary<int, string> Versions { get; } = new();

        /// <summary>Resource <paramref name="index"/> lives in namespace <c>index mod count</c>.</summary>
        public string NamespaceOf(int index) => Namespaces[index % Namespaces.Count];

        /// <summary>The default tenancy policy allows <c>{namespace}/*</c>.</summary>
        public string SecretId(int index) => $"{NamespaceOf(index)}/{Name(index)}";

        public RotatingSecret Resource(int index) => new()
        {
            Metadata = new V1ObjectMeta { Name = Name(index) },
            Spec = new RotatingSecretSpec { SecretId = SecretId(index), Rotation = new RotationSpec { Strategy = RotationStrategy.None } },
        };
    }
}
