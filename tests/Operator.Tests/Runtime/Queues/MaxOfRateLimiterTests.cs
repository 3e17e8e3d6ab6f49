using FluentAssertions;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

public sealed class MaxOfRateLimiterTests
{
    [Fact]
    public void Longest_wait_wins_and_every_limiter_records_the_failure()
    {
        var time = new FakeTimeProvider();
        var perItem = new ItemExponentialRateLimiter<string>();
        var bucket = new BucketRateLimiter<string>(time, qps: 1, burst: 1);
        var limiter = new MaxOfRateLimiter<string>(perItem, bucket);

        limiter.When("a").Should().Be(TimeSpan.FromMilliseconds(5));
        limiter.When("a").Should().Be(TimeSpan.FromSeconds(1));
        limiter.NumRequeues("a").Should().Be(2);
        perItem.NumRequeues("a").Should().Be(2);

        limiter.Forget("a");
        limiter.NumRequeues("a").Should().Be(0);
    }

    [Fact]
    public void Controller_default_backs_off_per_item_and_caps_the_overall_retry_rate()
    {
        var time = new FakeTimeProvider();
        var limiter = RateLimiters.DefaultController<string>(time);

        Enumerable.Range(0, 100).Select(i => limiter.When($"item-{i}")).Should().OnlyContain(w => w == TimeSpan.FromMilliseconds(5));
        limiter.When("item-100").Should().Be(TimeSpan.FromMilliseconds(100), "the 101st retry in a burst waits for the 10 qps bucket");

        time.Advance(TimeSpan.FromHours(1));
        var waits = Enumerable.Range(0, 30).Select(_ => limiter.When("hot")).ToList();
        waits[0].Should().Be(TimeSpan.FromMilliseconds(5));
        waits[^1].Should().Be(TimeSpan.FromSeconds(1000));
    }

    [Fact]
    public void No_limiters_is_refused()
    {
        FluentActions.Invoking(() => new MaxOfRateLimiter<string>()).Should().Throw<ArgumentException>();
    }
}
