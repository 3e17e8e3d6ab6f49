using FluentAssertions;
using Rotator.Rotation.Aws;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>The write limiter on a fake clock: a burst goes through at once, the rest at the rate.</summary>
public sealed class TokenBucketTests
{
    [Fact]
    public async Task Six_takes_at_two_per_second_need_two_seconds_after_a_burst_of_two()
    {
        var time = new AutoAdvancingTimeProvider();
        var bucket = new TokenBucket(2, 2, time);
        var times = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            await bucket.WaitAsync(TestContext.Current.CancellationToken);
            times.Add(time.Elapsed);
        }

        times.Should().Equal(
            TimeSpan.Zero, TimeSpan.Zero,
            TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Tokens_refill_while_idle_up_to_the_burst()
    {
        var time = new AutoAdvancingTimeProvider();
        var bucket = new TokenBucket(1, 3, time);
        for (var i = 0; i < 3; i++)
        {
            await bucket.WaitAsync(TestContext.Current.CancellationToken);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        var before = time.Elapsed;
        for (var i = 0; i < 3; i++)
        {
            await bucket.WaitAsync(TestContext.Current.CancellationToken);
        }

        time.Elapsed.Should().Be(before, "a minute idle refills the bucket, but only to its burst of 3");
        await bucket.WaitAsync(TestContext.Current.CancellationToken);
        (time.Elapsed - before).Should().Be(TimeSpan.FromSeconds(1));
    }
}
