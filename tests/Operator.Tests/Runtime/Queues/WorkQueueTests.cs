using FluentAssertions;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

/// <summary>client-go's core guarantees: dedupe, one worker per item, re-add while processing, shutdown.</summary>
public sealed class WorkQueueTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Item_added_several_times_before_it_is_taken_is_processed_once()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        queue.Add("a");

        queue.Count.Should().Be(2);
        (await queue.GetAsync(Ct)).Should().Be(("a", false));
        (await queue.GetAsync(Ct)).Should().Be(("b", false));
        queue.Count.Should().Be(0);

        var third = queue.GetAsync(Ct).AsTask();
        third.IsCompleted.Should().BeFalse("both items were handed out and nothing else was added");
        queue.ShutDown();
        (await third.WaitAsync(Patience, Ct)).ShutDown.Should().BeTrue();
    }

    [Fact]
    public async Task Items_of_one_lane_come_out_in_the_order_they_were_added()
    {
        using var queue = new WorkQueue<int>(new FakeTimeProvider());
        for (var i = 0; i < 50; i++)
        {
            queue.Add(i);
        }

        for (var i = 0; i < 50; i++)
        {
            (await queue.GetAsync(Ct)).Item.Should().Be(i);
        }
    }

    [Fact]
    public async Task Item_added_while_it_is_processed_is_handed_out_again_only_after_done()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        var (item, _) = await queue.GetAsync(Ct);
        item.Should().Be("a");

        queue.Add("a");
        queue.Add("a");
        queue.Count.Should().Be(0, "an item being processed is held back, not queued");
        var second = queue.GetAsync(Ct).AsTask();
        second.IsCompleted.Should().BeFalse("the only item is still being processed");

        queue.Done("a");
        (await second.WaitAsync(Patience, Ct)).Should().Be(("a", false));

        var third = queue.GetAsync(Ct).AsTask();
        third.IsCompleted.Should().BeFalse("the two adds during processing collapse into one more run");
        queue.Done("a");
        third.IsCompleted.Should().BeFalse("nothing was added during the second run");
        queue.ShutDown();
        (await third.WaitAsync(Patience, Ct)).ShutDown.Should().BeTrue();
    }

    [Fact]
    public async Task Item_processed_and_done_without_a_new_add_is_not_handed_out_again()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        await queue.GetAsync(Ct);
        queue.Done("a");

        queue.Count.Should().Be(0);
        queue.Add("b");
        (await queue.GetAsync(Ct)).Item.Should().Be("b");
    }

    [Fact]
    public async Task Done_for_an_item_that_is_not_being_processed_changes_nothing()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        queue.Done("a");
        queue.Done("never-added");

        queue.Count.Should().Be(1);
        (await queue.GetAsync(Ct)).Item.Should().Be("a");
        queue.Count.Should().Be(0, "a stray Done must not queue the item a second time");
    }

    [Fact]
    public async Task Waiting_getter_receives_an_item_added_later()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        var waiting = queue.GetAsync(Ct).AsTask();
        waiting.IsCompleted.Should().BeFalse();

        queue.Add("a");
        (await waiting.WaitAsync(Patience, Ct)).Should().Be(("a", false));
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task ShutDown_wakes_every_waiting_getter()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        var getters = Enumerable.Range(0, 3).Select(_ => queue.GetAsync(Ct).AsTask()).ToArray();
        getters.Should().OnlyContain(g => !g.IsCompleted);

        queue.ShutDown();

        var results = await Task.WhenAll(getters).WaitAsync(Patience, Ct);
        results.Should().OnlyContain(r => r.ShutDown);
        queue.IsShuttingDown.Should().BeTrue();
    }

    [Fact]
    public async Task After_ShutDown_adds_are_ignored_but_queued_items_are_still_handed_out()
    {
        // client-go's Get keeps returning queued items after ShutDown and reports the shutdown once empty.
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        queue.Add("b");
        queue.ShutDown();
        queue.Add("c");
        queue.AddAfter("d", TimeSpan.FromSeconds(1));
        queue.AddRateLimited("e");

        (await queue.GetAsync(Ct)).Should().Be(("a", false));
        (await queue.GetAsync(Ct)).Should().Be(("b", false));
        (await queue.GetAsync(Ct)).ShutDown.Should().BeTrue();
        queue.NumRequeues("e").Should().Be(0, "a retry that will never run must not count as one");
    }

    [Fact]
    public async Task Item_dirtied_before_ShutDown_is_handed_out_when_its_processing_is_done()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        await queue.GetAsync(Ct);
        queue.Add("a");
        queue.ShutDown();

        (await queue.GetAsync(Ct)).ShutDown.Should().BeTrue("the only item is still being processed");
        queue.Done("a");
        (await queue.GetAsync(Ct)).Should().Be(("a", false));
        queue.Done("a");
        (await queue.GetAsync(Ct)).ShutDown.Should().BeTrue();
    }

    [Fact]
    public async Task Cancelled_getter_throws_and_does_not_swallow_a_later_item()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cancelled = queue.GetAsync(cts.Token).AsTask();
        var other = queue.GetAsync(Ct).AsTask();

        await cts.CancelAsync();
        var thrown = async () => await cancelled.WaitAsync(Patience, Ct);
        await thrown.Should().ThrowAsync<OperationCanceledException>();

        queue.Add("a");
        (await other.WaitAsync(Patience, Ct)).Should().Be(("a", false), "the cancelled getter left the line");
    }

    [Fact]
    public async Task Getter_whose_token_is_already_cancelled_throws_without_waiting()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        var act = async () => await queue.GetAsync(new CancellationToken(canceled: true));
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Undefined_priority_is_refused()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        var act = () => queue.Add("a", (WorkPriority)7);
        act.Should().Throw<ArgumentOutOfRangeException>();
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task Metrics_report_adds_depth_latency_and_work_duration_on_the_queue_clock()
    {
        var time = new FakeTimeProvider();
        var metrics = new RecordingWorkQueueMetrics();
        using var queue = new WorkQueue<string>(time, new ItemExponentialRateLimiter<string>(), metrics);

        queue.Add("a", WorkPriority.High);
        queue.Add("a", WorkPriority.High);
        queue.Add("b", WorkPriority.Low);
        metrics.Added.Should().Equal(WorkPriority.High, WorkPriority.Low);
        metrics.Depth[WorkPriority.High].Should().Be(1);
        metrics.Depth[WorkPriority.Low].Should().Be(1);

        time.Advance(TimeSpan.FromSeconds(3));
        await queue.GetAsync(Ct);
        metrics.Latencies.Should().Equal((WorkPriority.High, TimeSpan.FromSeconds(3)));
        metrics.Depth[WorkPriority.High].Should().Be(0);

        time.Advance(TimeSpan.FromSeconds(2));
        queue.Done("a");
        metrics.WorkDurations.Should().Equal(TimeSpan.FromSeconds(2));

        queue.AddRateLimited("a");
        metrics.Retries.Should().Be(1);
    }

    [Fact]
    public async Task Hundred_thousand_add_get_done_cycles_complete()
    {
        using var queue = new WorkQueue<int>(new FakeTimeProvider());
        var priorities = new[] { WorkPriority.High, WorkPriority.Normal, WorkPriority.Low };
        var seen = new HashSet<int>();
        var processed = 0;
        for (var round = 0; round < 100; round++)
        {
            for (var i = 0; i < 1_000; i++)
            {
                queue.Add(i, priorities[(i + round) % 3]);
            }

            seen.Clear();
            for (var i = 0; i < 1_000; i++)
            {
                var (item, shutDown) = await queue.GetAsync(Ct);
                if (!shutDown && seen.Add(item))
                {
                    processed++;
                }

                queue.Done(item);
            }
        }

        processed.Should().Be(100_000);
        queue.Count.Should().Be(0);
    }
}
