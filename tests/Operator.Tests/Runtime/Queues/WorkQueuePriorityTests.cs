using FluentAssertions;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

/// <summary>Priority lanes: a new object must never wait behind a backlog of resyncs.</summary>
public sealed class WorkQueuePriorityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task High_item_added_after_two_thousand_low_ones_is_the_next_one_out()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        for (var i = 0; i < 2_000; i++)
        {
            queue.Add($"resync-{i}", WorkPriority.Low);
        }

        queue.Add("new", WorkPriority.High);

        (await queue.GetAsync(Ct)).Item.Should().Be("new");
        (await queue.GetAsync(Ct)).Item.Should().Be("resync-0", "the low lane stays FIFO");
        queue.Count.Should().Be(1_999);
    }

    [Fact]
    public async Task Lanes_are_served_high_then_normal_then_low()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("low-1", WorkPriority.Low);
        queue.Add("normal-1");
        queue.Add("high-1", WorkPriority.High);
        queue.Add("low-2", WorkPriority.Low);
        queue.Add("normal-2", WorkPriority.Normal);
        queue.Add("high-2", WorkPriority.High);

        var order = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            order.Add((await queue.GetAsync(Ct)).Item);
        }

        order.Should().Equal("high-1", "high-2", "normal-1", "normal-2", "low-1", "low-2");
    }

    [Fact]
    public async Task Queued_low_item_added_again_as_high_moves_up_and_is_not_duplicated()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        for (var i = 0; i < 1_000; i++)
        {
            queue.Add($"resync-{i}", WorkPriority.Low);
        }

        queue.Add("x", WorkPriority.Low);
        for (var i = 1_000; i < 2_000; i++)
        {
            queue.Add($"resync-{i}", WorkPriority.Low);
        }

        queue.Add("x", WorkPriority.High);
        queue.Count.Should().Be(2_001);

        (await queue.GetAsync(Ct)).Item.Should().Be("x");
        var rest = new List<string>();
        while (queue.Count > 0)
        {
            rest.Add((await queue.GetAsync(Ct)).Item);
        }

        rest.Should().HaveCount(2_000).And.NotContain("x");
        rest.Should().Equal(Enumerable.Range(0, 2_000).Select(i => $"resync-{i}"));
    }

    [Fact]
    public async Task Queued_high_item_added_again_as_low_keeps_its_place()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("x", WorkPriority.High);
        queue.Add("y");
        queue.Add("x", WorkPriority.Low);

        (await queue.GetAsync(Ct)).Item.Should().Be("x");
        (await queue.GetAsync(Ct)).Item.Should().Be("y");
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task Item_raised_to_high_while_processed_is_requeued_in_the_high_lane()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("x", WorkPriority.Low);
        await queue.GetAsync(Ct);

        queue.Add("x", WorkPriority.Low);
        queue.Add("x", WorkPriority.High);
        queue.Add("y");
        queue.Done("x");

        queue.Count.Should().Be(2);
        (await queue.GetAsync(Ct)).Item.Should().Be("x");
        (await queue.GetAsync(Ct)).Item.Should().Be("y");
    }

    [Fact]
    public async Task Default_priority_is_normal()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("low", WorkPriority.Low);
        queue.Add("default");
        queue.Add("high", WorkPriority.High);

        (await queue.GetAsync(Ct)).Item.Should().Be("high");
        (await queue.GetAsync(Ct)).Item.Should().Be("default");
        (await queue.GetAsync(Ct)).Item.Should().Be("low");
    }
}
