using System.Diagnostics;
using System.Net;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Rotator.Operator.Hosting;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Operator.Tests.Metrics;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Hosting;

/// <summary>
/// The real host in-process against the shared test bed's API server, with a ConfigMap controller
/// registered the way the RotatingSecret controller will be: health, readiness, the leader Lease,
/// standby and hand-over, the exit code when a loop dies, and /metrics.
/// </summary>
public sealed class OperatorHostTests(TestbedFixture testbed) : IAsyncLifetime
{
    private static readonly ResourceType<V1ConfigMap> ConfigMaps = new("", "v1", "configmaps", "ConfigMap", true);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string ns = TestClients.UniqueName("host");
    private KubernetesApi admin = null!;

    public async ValueTask InitializeAsync()
    {
        admin = TestClients.Admin(testbed.Kube);
        var ct = TestContext.Current.CancellationToken;
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        await admin.For(ConfigMaps).CreateAsync(ns, new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "existing" } }, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        admin.Dispose();
    }

    [Fact]
    public async Task Serves_health_leads_and_reconciles_once_its_caches_synced()
    {
        var reconciler = new RecordingReconciler();
        await using var host = await StartAsync("solo", reconciler);

        var health = await host.GetAsync("/healthz");
        health.Status.Should().Be(HttpStatusCode.OK, health.Body);
        var ready = await ReadyAsync(host);
        ready.Should().Be($"ok: leader ({host.Identity})");
        (await HolderAsync()).Should().Be(host.Identity, "the leader Lease is created in the configured namespace with our identity");
        await Eventually.HoldsAsync(() => reconciler.Seen.Contains(new ObjectKey(ns, "existing")), Patience, "the leader reconciles the existing ConfigMap");

        (await host.StopAsync()).Should().Be(0);
        (await HolderAsync()).Should().BeNullOrEmpty("a graceful stop hands the lease back");
    }

    [Fact]
    public async Task The_lease_is_renewed_on_time_while_the_work_client_is_starved()
    {
        // One work request every ten seconds: on a shared client, renewals (every 2 s, deadline 10 s) would queue behind
        // the start-up's API check and the informers' list and watch, and the leader would stand down.
        await using var host = await StartAsync("starved", new RecordingReconciler(), "--qps", "0.1", "--burst", "1");
        var ct = TestContext.Current.CancellationToken;
        await Eventually.HoldsAsync(async () => await HolderAsync() == host.Identity, Patience, "leading");

        var renewals = new HashSet<DateTime>();
        for (var watched = System.Diagnostics.Stopwatch.StartNew(); watched.Elapsed < TimeSpan.FromSeconds(20);)
        {
            var lease = await admin.For(ResourceTypes.Leases).GetAsync(ns, "rotator-leader", ct);
            lease!.Spec!.HolderIdentity.Should().Be(host.Identity, "the leader never stands down");
            renewals.Add(lease.Spec.RenewTime!.Value);
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        renewals.Count.Should().BeGreaterThanOrEqualTo(6, "renewals go out every RetryPeriod (2 s) on the election's own client");
        (await LeaderGaugeAsync(host)).Should().Be(1);
    }

    [Fact]
    public async Task Events_are_written_at_once_while_the_work_client_is_starved()
    {
        // One work request every ten seconds: on the work's client five events would take most of a minute.
        await using var host = await StartAsync("events", new RecordingReconciler(), "--qps", "0.1", "--burst", "1");
        var ct = TestContext.Current.CancellationToken;
        await Eventually.HoldsAsync(async () => await HolderAsync() == host.Identity, Patience, "leading");
        var recorder = host.Services.GetRequiredService<IEventRecorder>();
        var regarding = new V1ObjectReference { ApiVersion = "v1", Kind = "ConfigMap", NamespaceProperty = ns, Name = "existing" };

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++)
        {
            recorder.Record(regarding, EventType.Normal, $"Probe{i}", "Probe", $"probe event {i}");
        }

        await Eventually.HoldsAsync(
            async () => (await admin.For(ResourceTypes.Events).ListAllAsync(ns, new ListOptions(), ct)).Items.Count(e => e.Reason?.StartsWith("Probe", StringComparison.Ordinal) == true) == 5,
            TimeSpan.FromSeconds(15), "all five events written on the recorder's own client");
        TestContext.Current.TestOutputHelper?.WriteLine($"five events written within {stopwatch.Elapsed.TotalSeconds:F1} s with the work client at 0.1 requests a second");
    }

    [Fact]
    public async Task A_second_instance_is_a_ready_standby_and_takes_over_quickly_after_a_graceful_stop()
    {
        var first = new RecordingReconciler();
        var second = new RecordingReconciler();
        await using var leader = await StartAsync("first", first);
        (await ReadyAsync(leader)).Should().StartWith("ok: leader");
        await using var standby = await StartAsync("second", second);
        (await ReadyAsync(standby)).Should().Be($"ok: standby ({standby.Identity})", "a standby with synced caches is ready");

        // Several of the standby's retry periods: it must neither take the lease nor run workers.
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        (await HolderAsync()).Should().Be(leader.Identity);
        second.Seen.Should().BeEmpty("workers run only while leading");
        first.Seen.Should().Contain(new ObjectKey(ns, "existing"));

        var stopwatch = Stopwatch.StartNew();
        (await leader.StopAsync()).Should().Be(0);
        await Eventually.HoldsAsync(async () => await HolderAsync() == standby.Identity, Patience, "the standby takes the released lease");
        var takeover = stopwatch.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"hand-over after a graceful stop took {takeover.TotalSeconds:F1} s");
        takeover.Should().BeLessThan(TimeSpan.FromSeconds(8), "the lease is released on shutdown, so the standby need not wait for it to expire (15 s)");

        await Eventually.HoldsAsync(async () => (await standby.GetAsync("/readyz")).Body.StartsWith("ok: leader", StringComparison.Ordinal), Patience, "the new leader reports it");
        await Eventually.HoldsAsync(() => second.Seen.Contains(new ObjectKey(ns, "existing")), Patience, "the new leader's workers start");
    }

    [Fact]
    public async Task Workers_stop_when_the_lease_is_lost_and_start_again_when_it_is_won_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var reconciler = new RecordingReconciler(requeueAfter: TimeSpan.FromMilliseconds(100));
        await using var host = await StartAsync("loser", reconciler, "--lease-duration", "4s", "--renew-deadline", "3s", "--retry-period", "1s");
        (await ReadyAsync(host)).Should().StartWith("ok: leader");
        await Eventually.HoldsAsync(() => reconciler.Seen.Count > 5, Patience, "workers reconcile while leading");
        (await LeaderGaugeAsync(host)).Should().Be(1);

        // Another holder takes the Lease and keeps renewing it: we can no longer renew.
        using var stealing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var intruder = Task.Run(() => HoldLeaseAsync("intruder", stealing.Token), ct);
        await Eventually.HoldsAsync(() => !host.Health.IsLeading, TimeSpan.FromSeconds(15), "the leader steps down after its renew deadline");
        var afterStepDown = reconciler.Seen.Count;
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        reconciler.Seen.Count.Should().BeInRange(afterStepDown, afterStepDown + 1, "workers stop with the term (one reconcile may have been under way)");
        (await host.GetAsync("/readyz")).Body.Should().Be($"ok: standby ({host.Identity})");
        (await LeaderGaugeAsync(host)).Should().Be(0, "rotator_leader drops with the term");

        // The intruder goes away; once its lease expires we lead again, and the same controller runs again.
        await stealing.CancelAsync();
        await intruder;
        await Eventually.HoldsAsync(() => host.Health.IsLeading, TimeSpan.FromSeconds(20), "the lease is won back");
        var afterComeback = reconciler.Seen.Count;
        await Eventually.HoldsAsync(() => reconciler.Seen.Count > afterComeback + 5, Patience, "workers run again in the new term");
        (await HolderAsync()).Should().Be(host.Identity);
        (await LeaderGaugeAsync(host)).Should().Be(1, "and comes back with the next one");
    }

    [Fact]
    public async Task Runs_the_controllers_without_a_lease_when_leader_election_is_off()
    {
        var reconciler = new RecordingReconciler();
        await using var host = await StartAsync("no-election", reconciler, "--leader-elect", "false");

        (await ReadyAsync(host)).Should().Be("ok: leader election off");
        await Eventually.HoldsAsync(() => reconciler.Seen.Contains(new ObjectKey(ns, "existing")), Patience, "workers run at once");
        (await LeaderGaugeAsync(host)).Should().Be(1, "the only replica leads, so RotatorNotLeading stays quiet");
        (await admin.For(ResourceTypes.Leases).GetAsync(ns, "rotator-leader", TestContext.Current.CancellationToken)).Should().BeNull();
    }

    [Fact]
    public async Task Metrics_endpoint_serves_work_queue_reconcile_and_process_metrics_in_the_text_format()
    {
        var reconciler = new RecordingReconciler();
        await using var host = await StartAsync("metrics", reconciler, "--leader-elect", "false");
        await Eventually.HoldsAsync(() => reconciler.Seen.Contains(new ObjectKey(ns, "existing")), Patience, "the ConfigMap is reconciled");

        var controller = $"configmaps in {ns}";
        ParsedExposition? parsed = null;
        string? contentType = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await host.Http.GetAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                contentType = response.Content.Headers.ContentType?.ToString();
                parsed = ExpositionParser.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

                // The reconcile is recorded once the reconciler returned, a moment after it saw the key.
                return parsed.Value("rotator_reconcile_total", ("controller", controller), ("result", "success")) >= 1;
            },
            Patience,
            "the reconcile shows on /metrics");

        contentType.Should().Be(RotatorMetrics.ContentType);
        parsed!.Value("rotator_workqueue_adds_total", ("queue", controller)).Should().BeGreaterThanOrEqualTo(1);
        parsed.Value("rotator_workqueue_depth", ("queue", controller)).Should().NotBeNull();
        parsed.Value("rotator_workqueue_latency_seconds_count", ("queue", controller)).Should().BeGreaterThanOrEqualTo(1);
        parsed.Value("rotator_reconcile_duration_seconds_count", ("controller", controller)).Should().BeGreaterThanOrEqualTo(1);
        parsed.Value("rotator_reconcile_errors_total", ("controller", controller)).Should().Be(0, "nothing failed, and the counter is there from the start so rate() works from the first error");
        parsed.Value("process_cpu_seconds_total").Should().BePositive();
    }

    [Fact]
    public async Task A_loop_that_dies_stops_the_host_with_exit_code_1()
    {
        var previous = Environment.ExitCode;
        try
        {
            await using var host = await StartAsync(
                "doomed", new RecordingReconciler(), configure: services => services.AddSingleton<IOperatorLoop>(new FailingLoop(TimeSpan.FromSeconds(1))));

            var exitCode = await host.Completion.WaitAsync(Patience, TestContext.Current.CancellationToken);

            exitCode.Should().Be(1);
            Environment.ExitCode.Should().Be(1, "a process that returns from Main without a code of its own exits with this");
            host.Health.Phase.Should().Be(OperatorPhase.Failed);
            host.Health.Failure.Should().Be("failing test loop stopped unexpectedly");
            host.Health.Liveness().Healthy.Should().BeFalse();
        }
        finally
        {
            // This is the test runner's process: its own exit code must not carry our simulated failure.
            Environment.ExitCode = previous;
        }
    }

    [Fact]
    public async Task A_controller_that_cannot_be_built_stops_the_host_with_exit_code_1()
    {
        var previous = Environment.ExitCode;
        try
        {
            await using var host = await InProcessOperator.StartAsync(
                testbed.Kube,
                ns,
                "rotator-leader",
                "unbuildable",
                builder => builder.Services.AddController<V1ConfigMap>(ConfigMaps, _ => throw new InvalidOperationException("no reconciler for you")));

            (await host.Completion.WaitAsync(Patience, TestContext.Current.CancellationToken)).Should().Be(1);
            host.Health.Failure.Should().Be("cannot build the controllers: no reconciler for you");
        }
        finally
        {
            Environment.ExitCode = previous;
        }
    }

    private Task<InProcessOperator> StartAsync(string name, RecordingReconciler reconciler, params string[] extraArgs) =>
        StartAsync(name, reconciler, null, extraArgs);

    private Task<InProcessOperator> StartAsync(string name, RecordingReconciler reconciler, Action<IServiceCollection>? configure, params string[] extraArgs) =>
        InProcessOperator.StartAsync(
            testbed.Kube,
            ns,
            "rotator-leader",
            $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)],
            builder =>
            {
                // The one call a controller takes.
                builder.Services.AddController(ConfigMaps, _ => reconciler);
                configure?.Invoke(builder.Services);
            },
            ["--namespaces", ns, .. extraArgs]);

    private async Task HoldLeaseAsync(string holder, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await admin.For(ResourceTypes.Leases).UpdateAsync(ns, "rotator-leader", lease =>
                {
                    lease.Spec ??= new V1LeaseSpec();
                    lease.Spec.HolderIdentity = holder;
                    lease.Spec.RenewTime = MicroTime.Of(DateTimeOffset.UtcNow);
                    lease.Spec.LeaseDurationSeconds = 4;
                    return true;
                }, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task<string> ReadyAsync(InProcessOperator host)
    {
        var last = (Status: HttpStatusCode.ServiceUnavailable, Body: "");
        await Eventually.HoldsAsync(
            async () => (last = await host.GetAsync("/readyz")).Status == HttpStatusCode.OK,
            Patience,
            $"{host.Identity} becomes ready");
        return last.Body;
    }

    private static async Task<double?> LeaderGaugeAsync(InProcessOperator host) =>
        ExpositionParser.Parse(await host.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken)).Value("rotator_leader");

    private async Task<string?> HolderAsync()
    {
        var lease = await admin.For(ResourceTypes.Leases).GetAsync(ns, "rotator-leader", TestContext.Current.CancellationToken);
        return lease?.Spec?.HolderIdentity;
    }
}
