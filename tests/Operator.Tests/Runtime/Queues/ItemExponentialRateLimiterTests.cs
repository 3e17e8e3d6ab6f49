using FluentAssertions;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

public sealed class ItemExponentialRateLimiterTests
{
    [Fact]
    public void Backoff_doubles_from_five_milliseconds_and_stops_at_a_thousand_seconds()
    {
        var limiter = new ItemExponentialRateLimiter<string>();
        var waits = Enumerable.Range(0, 25).Select(_ => limiter.When("a")).ToList();

        waits.Take(5).Should().Equal(
            TimeSpan.FromMilliseconds(5),
            TimeSpan.FromMilliseconds(10),
            TimeSpan.FromMilliseconds(20),
            TimeSpan.FromMilliseconds(40),
            TimeSpan.FromMilliseconds(80));

        // 5 ms * 2^17 = 655.36 s is the last step below the cap; 2^18 would be 1310.72 s.
        waits[17].Should().Be(TimeSpan.FromMilliseconds(655_360));
        waits.Skip(18).Should().OnlyContain(w => w == TimeSpan.FromSeconds(1000));
        limiter.NumRequeues("a").Should().Be(25);
    }

    [Fact]
    public void Long_failure_streak_stays_at_the_cap()
    {
        var limiter = new ItemExponentialRateLimiter<string>();
        for (var i = 0; i < 5_000; i++)
        {
            limiter.When("a");
        }

        limiter.When("a").Should().Be(TimeSpan.FromSeconds(1000));
    }

    [Fact]
    public void Forget_starts_the_item_over_and_items_are_counted_apart()
    {
        var limiter = new ItemExponentialRateLimiter<string>();
        limiter.When("a");
        limiter.When("a");
        limiter.When("a");

        limiter.When("b").Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.NumRequeues("a").Should().Be(3);

        limiter.Forget("a");
        limiter.NumRequeues("a").Should().Be(0);
        limiter.When("a").Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.NumRequeues("b").Should().Be(1);
    }

    [Fact]
    public void Custom_base_and_cap_are_honoured()
    {
        var limiter = new ItemExponentialRateLimiter<int>(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Enumerable.Range(0, 4).Select(_ => limiter.When(1)).Should().Equal(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
    }
}
