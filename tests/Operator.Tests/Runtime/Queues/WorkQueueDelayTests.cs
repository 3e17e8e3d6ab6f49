using FluentAssertions;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

/// <summary>AddAfter and AddRateLimited on a manual clock.</summary>
public sealed class WorkQueueDelayTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Delayed_item_is_queued_when_its_delay_has_passed_and_not_before()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromTicks(1));
        queue.Count.Should().Be(1);
        (await queue.GetAsync(Ct)).Item.Should().Be("a");
    }

    [Fact]
    public async Task Waiting_getter_receives_a_delayed_item_when_it_becomes_due()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        var waiting = queue.GetAsync(Ct).AsTask();
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        waiting.IsCompleted.Should().BeFalse();

        time.Advance(TimeSpan.FromSeconds(1));
        (await waiting.WaitAsync(Patience, Ct)).Should().Be(("a", false));
    }

    [Fact]
    public async Task Delayed_items_come_out_in_due_order_and_ties_in_add_order()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("c", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("b1", TimeSpan.FromSeconds(20));
        queue.AddAfter("b2", TimeSpan.FromSeconds(20));
        queue.AddAfter("b3", TimeSpan.FromSeconds(20));

        time.Advance(TimeSpan.FromSeconds(15));
        queue.Count.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(60));
        queue.Count.Should().Be(5);

        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            order.Add((await queue.GetAsync(Ct)).Item);
        }

        order.Should().Equal("a", "b1", "b2", "b3", "c");
    }

    [Fact]
    public async Task Adding_a_delayed_item_again_with_an_earlier_time_moves_it_earlier_once()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(5));
        queue.Count.Should().Be(1);
        await queue.GetAsync(Ct);
        queue.Done("a");

        time.Advance(TimeSpan.FromSeconds(10));
        queue.Count.Should().Be(0, "the earlier time replaced the later one; it does not fire twice");
    }

    [Fact]
    public async Task Adding_a_delayed_item_again_with_a_later_time_does_not_postpone_it()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        queue.AddAfter("a", TimeSpan.FromSeconds(10));

        time.Advance(TimeSpan.FromSeconds(5));
        queue.Count.Should().Be(1);
        await queue.GetAsync(Ct);
        queue.Done("a");

        time.Advance(TimeSpan.FromSeconds(10));
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task Time_an_item_was_moved_away_from_does_not_fire_it_later()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("c", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));

        time.Advance(TimeSpan.FromSeconds(5));
        (await queue.GetAsync(Ct)).Item.Should().Be("a");
        queue.Done("a");
        time.Advance(TimeSpan.FromSeconds(1));
        queue.AddAfter("a", TimeSpan.FromSeconds(14));

        // At 10 s "c" is due, and so was "a" before it was moved to 5 s; its new time is 20 s.
        time.Advance(TimeSpan.FromSeconds(4));
        queue.Count.Should().Be(1);
        (await queue.GetAsync(Ct)).Item.Should().Be("c");
        time.Advance(TimeSpan.FromSeconds(10));
        queue.Count.Should().Be(1);
        (await queue.GetAsync(Ct)).Item.Should().Be("a");
    }

    [Fact]
    public async Task Delayed_item_keeps_the_higher_of_its_priorities()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.Add("resync", WorkPriority.Low);
        queue.AddAfter("a", TimeSpan.FromSeconds(5), WorkPriority.Low);
        queue.AddAfter("a", TimeSpan.FromSeconds(10), WorkPriority.High);

        time.Advance(TimeSpan.FromSeconds(5));
        (await queue.GetAsync(Ct)).Item.Should().Be("a");
    }

    [Fact]
    public async Task Zero_or_negative_delay_adds_at_once()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.AddAfter("a", TimeSpan.Zero);
        queue.AddAfter("b", TimeSpan.FromSeconds(-1), WorkPriority.High);

        queue.Count.Should().Be(2);
        (await queue.GetAsync(Ct)).Item.Should().Be("b");
    }

    [Fact]
    public void Delayed_item_that_is_due_while_queued_is_deduplicated()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.Add("a");
        queue.AddAfter("a", TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1);
    }

    [Fact]
    public void ShutDown_drops_pending_delays()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.ShutDown();

        time.Advance(TimeSpan.FromSeconds(5));
        queue.Count.Should().Be(0);
    }

    [Fact]
    public void Very_long_delay_does_not_overflow_the_timer()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time);
        queue.AddAfter("far", TimeSpan.FromDays(400));
        queue.AddAfter("never", TimeSpan.MaxValue);

        time.Advance(TimeSpan.FromDays(399));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromDays(1));
        queue.Count.Should().Be(1);
    }

    [Fact]
    public async Task Rate_limited_add_waits_the_backoff_and_Forget_resets_it()
    {
        var time = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(time, new ItemExponentialRateLimiter<string>());

        queue.AddRateLimited("a");
        queue.NumRequeues("a").Should().Be(1);
        time.Advance(TimeSpan.FromMilliseconds(4));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(1);
        await queue.GetAsync(Ct);
        queue.Done("a");

        queue.AddRateLimited("a");
        queue.NumRequeues("a").Should().Be(2);
        time.Advance(TimeSpan.FromMilliseconds(9));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromMilliseconds(1));
        queue.Count.Should().Be(1);
        await queue.GetAsync(Ct);
        queue.Done("a");

        queue.Forget("a");
        queue.NumRequeues("a").Should().Be(0);
        queue.AddRateLimited("a");
        time.Advance(TimeSpan.FromMilliseconds(5));
        queue.Count.Should().Be(1);
    }

    [Fact]
    public async Task Delays_fire_on_the_system_clock_too()
    {
        using var queue = new WorkQueue<string>(TimeProvider.System);
        var waiting = queue.GetAsync(Ct).AsTask();
        queue.AddAfter("late", TimeSpan.FromMilliseconds(200));
        queue.AddAfter("early", TimeSpan.FromMilliseconds(20));

        (await waiting.WaitAsync(Patience, Ct)).Item.Should().Be("early");
        (await queue.GetAsync(Ct).AsTask().WaitAsync(Patience, Ct)).Item.Should().Be("late");
    }
}
