using FluentAssertions;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

public sealed class BucketRateLimiterTests
{
    [Fact]
    public void Burst_is_free_then_each_token_is_borrowed_at_the_refill_rate()
    {
        var time = new FakeTimeProvider();
        var limiter = new BucketRateLimiter<string>(time);

        Enumerable.Range(0, 100).Select(i => limiter.When($"item-{i}")).Should().OnlyContain(w => w == TimeSpan.Zero);
        limiter.When("x").Should().Be(TimeSpan.FromMilliseconds(100));
        limiter.When("y").Should().Be(TimeSpan.FromMilliseconds(200));
        limiter.When("z").Should().Be(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Bucket_refills_on_the_clock_but_never_beyond_its_burst()
    {
        var time = new FakeTimeProvider();
        var limiter = new BucketRateLimiter<string>(time, qps: 10, burst: 100);
        for (var i = 0; i < 102; i++)
        {
            limiter.When("a");
        }

        // Two tokens are owed; one second brings ten.
        time.Advance(TimeSpan.FromSeconds(1));
        Enumerable.Range(0, 8).Select(_ => limiter.When("a")).Should().OnlyContain(w => w == TimeSpan.Zero);
        limiter.When("a").Should().Be(TimeSpan.FromMilliseconds(100));

        time.Advance(TimeSpan.FromHours(1));
        Enumerable.Range(0, 100).Select(_ => limiter.When("a")).Should().OnlyContain(w => w == TimeSpan.Zero);
        limiter.When("a").Should().Be(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Shared_bucket_keeps_no_per_item_state()
    {
        var limiter = new BucketRateLimiter<string>(new FakeTimeProvider(), qps: 1, burst: 1);
        limiter.When("a");
        limiter.NumRequeues("a").Should().Be(0);
        limiter.Forget("a");
        limiter.When("a").Should().Be(TimeSpan.FromSeconds(1), "Forget does not hand the token back");
    }

    [Fact]
    public void Nonsense_settings_are_refused()
    {
        var time = new FakeTimeProvider();
        FluentActions.Invoking(() => new BucketRateLimiter<string>(time, qps: 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new BucketRateLimiter<string>(time, qps: double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new BucketRateLimiter<string>(time, burst: 0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
