using FluentAssertions;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Queues;
using Rotator.Operator.Runtime.Reconciliation;
using Rotator.Rotation.Aws;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>The operator's own metrics: names, labels, per-resource removal, and the runtime hooks fed by a real work queue.</summary>
public sealed class RotatorMetricsTests
{
    private readonly FakeTimeProvider time = new();
    private readonly RotatorMetrics metrics;

    public RotatorMetricsTests() => metrics = new RotatorMetrics(time);

    [Fact]
    public async Task Secret_age_grows_with_the_clock_and_both_per_secret_gauges_go_when_the_resource_goes()
    {
        var changed = time.GetUtcNow() - TimeSpan.FromMinutes(5);
        var next = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);
        metrics.SecretObserved("team-a", "db", changed, next);
        metrics.SecretObserved("team-a", "api", changed, null);

        var first = await ScrapeAsync();
        first.Value("rotator_secret_age_seconds", ("namespace", "team-a"), ("name", "db")).Should().Be(300);
        first.Value("rotator_next_rotation_timestamp_seconds", ("namespace", "team-a"), ("name", "db")).Should().Be(next.ToUnixTimeSeconds());
        first.Value("rotator_next_rotation_timestamp_seconds", ("namespace", "team-a"), ("name", "api")).Should().BeNull("nothing is scheduled");
        first.Types["rotator_secret_age_seconds"].Should().Be("gauge");

        time.Advance(TimeSpan.FromSeconds(90));
        (await ScrapeAsync()).Value("rotator_secret_age_seconds", ("namespace", "team-a"), ("name", "db")).Should().Be(390, "the age is computed at scrape time");

        metrics.ResourceDeleted("team-a", "db");
        var after = await ScrapeAsync();
        after.Named("rotator_secret_age_seconds").Should().ContainSingle().Which.Labels["name"].Should().Be("api");
        after.Named("rotator_next_rotation_timestamp_seconds").Should().BeEmpty();

        metrics.SecretObserved("team-a", "api", null, null);
        (await ScrapeAsync()).Named("rotator_secret_age_seconds").Should().BeEmpty("a secret never rotated has no age");
    }

    [Fact]
    public async Task Deleting_a_resource_removes_every_series_of_it_and_only_of_it()
    {
        foreach (var ns in new[] { "team-a", "team-b" })
        {
            metrics.SecretObserved(ns, "db", time.GetUtcNow().AddHours(-1), time.GetUtcNow().AddDays(1));
            metrics.RolloutPending(ns, "db", 2, 2);
            metrics.AwaitingApproval(ns, "db", canWait: true, waiting: true);
        }

        metrics.ResourceDeleted("team-a", "db");
        var text = await metrics.RenderAsync(TestContext.Current.CancellationToken);

        text.Should().NotContain("team-a", "no family keeps a child of the deleted resource, and the scrape-time age does not bring it back");
        var parsed = ExpositionParser.Parse(text);
        foreach (var family in new[] { "rotator_secret_age_seconds", "rotator_next_rotation_timestamp_seconds", "rotator_rollout_pending_workloads", "rotator_rotations_awaiting_approval" })
        {
            parsed.Named(family).Should().ContainSingle(family).Which.Labels["namespace"].Should().Be("team-b", "the same name in another namespace is another resource");
        }
    }

    [Fact]
    public async Task Rotations_steps_restarts_and_aws_calls_are_counted_by_their_labels()
    {
        metrics.RotationFinished("mysql", "success");
        metrics.RotationFinished("mysql", "success");
        metrics.RotationFinished("ldap", "failed");
        metrics.StepFinished("mysql", "set_database", TimeSpan.FromMilliseconds(250));
        metrics.Restarted("Deployment", "success");
        metrics.AwsCall("sts", "AssumeRole", "success");
        ((IAwsCallObserver)metrics).OnAttempt("secretsmanager", "PutSecretValue", AwsCallOutcomes.Throttled, TimeSpan.FromMilliseconds(20));

        var parsed = await ScrapeAsync();

        parsed.Value("rotator_rotations_total", ("strategy", "mysql"), ("result", "success")).Should().Be(2);
        parsed.Value("rotator_rotations_total", ("strategy", "ldap"), ("result", "failed")).Should().Be(1);
        parsed.Value("rotator_rotation_step_duration_seconds_sum", ("strategy", "mysql"), ("step", "set_database")).Should().Be(0.25);
        parsed.Value("rotator_restarts_total", ("kind", "Deployment"), ("result", "success")).Should().Be(1);
        parsed.Value("rotator_aws_calls_total", ("service", "sts"), ("operation", "AssumeRole"), ("outcome", "success")).Should().Be(1);
        parsed.Value("rotator_aws_calls_total", ("service", "secretsmanager"), ("operation", "PutSecretValue"), ("outcome", "throttled")).Should().Be(1);
        parsed.Value("rotator_aws_call_duration_seconds_count", ("service", "secretsmanager"), ("operation", "PutSecretValue")).Should().Be(1);
        parsed.Types.Keys.Where(n => !n.StartsWith("process_", StringComparison.Ordinal) && !n.StartsWith("dotnet_", StringComparison.Ordinal))
            .Should().OnlyContain(n => n.StartsWith("rotator_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_work_queue_reports_depth_over_all_lanes_adds_retries_and_add_to_get_latency()
    {
        using var queue = new WorkQueue<string>(time, new ItemExponentialRateLimiter<string>(), metrics.ForQueue("secrets"));
        queue.Add("a", WorkPriority.High);
        queue.Add("b");
        queue.Add("c", WorkPriority.Low);
        queue.Add("b");
        (await ScrapeAsync()).Value("rotator_workqueue_depth", ("queue", "secrets")).Should().Be(3, "the depth is the sum of the lanes");

        time.Advance(TimeSpan.FromSeconds(2));
        var (item, _) = await queue.GetAsync(TestContext.Current.CancellationToken);
        queue.AddRateLimited(item);
        queue.Done(item);

        var parsed = await ScrapeAsync();
        parsed.Value("rotator_workqueue_depth", ("queue", "secrets")).Should().Be(2);
        parsed.Value("rotator_workqueue_adds_total", ("queue", "secrets")).Should().Be(3, "the duplicate add of b is not an add");
        parsed.Value("rotator_workqueue_retries_total", ("queue", "secrets")).Should().Be(1);
        parsed.Value("rotator_workqueue_latency_seconds_count", ("queue", "secrets")).Should().Be(1);
        parsed.Value("rotator_workqueue_latency_seconds_sum", ("queue", "secrets")).Should().Be(2);
        parsed.Value("rotator_workqueue_latency_seconds_bucket", ("queue", "secrets"), ("le", "1")).Should().Be(0);
        parsed.Value("rotator_workqueue_latency_seconds_bucket", ("queue", "secrets"), ("le", "5")).Should().Be(1);
    }

    [Fact]
    public async Task A_controller_reports_each_outcome_and_counts_retried_and_terminal_failures_as_errors()
    {
        var controller = metrics.ForController("rotatingsecrets");
        controller.Reconciled(ReconcileOutcome.Success, TimeSpan.FromMilliseconds(10));
        controller.Reconciled(ReconcileOutcome.Requeue, TimeSpan.FromMilliseconds(10));
        controller.Reconciled(ReconcileOutcome.Error, TimeSpan.FromMilliseconds(10));
        controller.Reconciled(ReconcileOutcome.Terminal, TimeSpan.FromMilliseconds(10));
        controller.Reconciled(ReconcileOutcome.Error, TimeSpan.FromMilliseconds(10));

        var parsed = await ScrapeAsync();

        parsed.Value("rotator_reconcile_total", ("controller", "rotatingsecrets"), ("result", "success")).Should().Be(1);
        parsed.Value("rotator_reconcile_total", ("controller", "rotatingsecrets"), ("result", "requeue")).Should().Be(1);
        parsed.Value("rotator_reconcile_total", ("controller", "rotatingsecrets"), ("result", "error")).Should().Be(2);
        parsed.Value("rotator_reconcile_total", ("controller", "rotatingsecrets"), ("result", "terminal")).Should().Be(1);
        parsed.Value("rotator_reconcile_errors_total", ("controller", "rotatingsecrets")).Should().Be(3);
        parsed.Value("rotator_reconcile_duration_seconds_count", ("controller", "rotatingsecrets")).Should().Be(5);
    }

    [Fact]
    public async Task Process_basics_are_read_at_scrape_time()
    {
        var parsed = await ScrapeAsync();

        parsed.Value("process_resident_memory_bytes").Should().BePositive();
        parsed.Value("process_cpu_seconds_total").Should().BePositive();
        parsed.Types["process_cpu_seconds_total"].Should().Be("counter");
        parsed.Value("process_start_time_seconds").Should().BeInRange(
            DateTimeOffset.UtcNow.AddDays(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        parsed.Value("dotnet_gc_heap_bytes").Should().BePositive();
    }

    [Fact]
    public async Task Leader_gauge_is_exported_at_0_from_the_start_and_follows_the_terms()
    {
        var first = await ScrapeAsync();
        first.Types["rotator_leader"].Should().Be("gauge");
        first.Named("rotator_leader").Should().ContainSingle().Which.Labels.Should().BeEmpty("the Lease is fixed per process; job and instance tell replicas apart");
        first.Value("rotator_leader").Should().Be(0, "a standby exports 0, so max(rotator_leader) over replicas is defined");

        metrics.Leading(true);
        (await ScrapeAsync()).Value("rotator_leader").Should().Be(1);
        metrics.Leading(false);
        (await ScrapeAsync()).Value("rotator_leader").Should().Be(0);
    }

    [Fact]
    public async Task Rollout_pending_is_kept_at_0_once_done_and_goes_with_the_resource()
    {
        metrics.RolloutPending("shop", "orders-db", 3, 3);
        metrics.RolloutPending("shop", "api-key", 1, 2);
        var parsed = await ScrapeAsync();
        parsed.Types["rotator_rollout_pending_workloads"].Should().Be("gauge");
        parsed.Value("rotator_rollout_pending_workloads", ("namespace", "shop"), ("name", "orders-db")).Should().Be(3);

        metrics.RolloutPending("shop", "orders-db", 0, 3);
        (await ScrapeAsync()).Value("rotator_rollout_pending_workloads", ("namespace", "shop"), ("name", "orders-db")).Should().Be(0, "restarted with nothing pending is not the same as never observed");

        metrics.ResourceDeleted("shop", "orders-db");
        (await ScrapeAsync()).Named("rotator_rollout_pending_workloads").Should().ContainSingle().Which.Labels["name"].Should().Be("api-key");

        var negative = () => metrics.RolloutPending("shop", "api-key", -1, 2);
        negative.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Resources_that_restart_nothing_and_never_wait_for_approval_cost_no_per_resource_gauges()
    {
        metrics.RolloutPending("shop", "plain", 0, 0);
        metrics.AwaitingApproval("shop", "plain", canWait: false, waiting: false);
        metrics.AwaitingApproval("shop", "manual", canWait: true, waiting: false);
        var parsed = await ScrapeAsync();
        parsed.Named("rotator_rollout_pending_workloads").Should().BeEmpty("nothing was restarted for the current version");
        parsed.Named("rotator_rotations_awaiting_approval").Should().ContainSingle("only the resource with approval: Manual has the series")
            .Which.Labels["name"].Should().Be("manual");
        parsed.Value("rotator_rotations_awaiting_approval", ("namespace", "shop"), ("name", "manual")).Should().Be(0);

        // A rotation started under Manual still waits after the spec switched to Automatic: it keeps its series.
        metrics.AwaitingApproval("shop", "switched", canWait: false, waiting: true);
        (await ScrapeAsync()).Value("rotator_rotations_awaiting_approval", ("namespace", "shop"), ("name", "switched")).Should().Be(1);
        metrics.AwaitingApproval("shop", "switched", canWait: false, waiting: false);
        (await ScrapeAsync()).Named("rotator_rotations_awaiting_approval").Select(s => s.Labels["name"]).Should().Equal("manual");

        // A new version with no restarts of its own drops the series of the previous one's.
        metrics.RolloutPending("shop", "rotated", 0, 1);
        metrics.RolloutPending("shop", "rotated", 0, 0);
        (await ScrapeAsync()).Named("rotator_rollout_pending_workloads").Should().BeEmpty();
    }

    private async Task<ParsedExposition> ScrapeAsync() => ExpositionParser.Parse(await metrics.RenderAsync(TestContext.Current.CancellationToken));
}
