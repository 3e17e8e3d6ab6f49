using FluentAssertions;
using Rotator.Rotation.Aws;

namespace Rotator.Rotation.Tests.Aws;

/// <summary>Full jitter: every wait is within [0, min(cap, base * 2^retry)] and the waits really vary.</summary>
public sealed class FullJitterBackoffTests
{
    [Fact]
    public void Waits_stay_under_the_exponential_ceiling_and_the_cap()
    {
        var backoff = new FullJitterBackoff(TimeSpan.FromSeconds(2), new Random(42));
        var baseDelay = TimeSpan.FromMilliseconds(100);
        for (var retry = 0; retry < 10; retry++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(2000, 100 * Math.Pow(2, retry)));
            var samples = Enumerable.Range(0, 200).Select(_ => backoff.Delay(baseDelay, retry)).ToList();
            samples.Should().OnlyContain(d => d >= TimeSpan.Zero && d <= ceiling);
            // Full jitter, not "equal jitter": short waits happen too.
            samples.Min().Should().BeLessThan(ceiling / 4);
            samples.Max().Should().BeGreaterThan(ceiling * 3 / 4);
        }
    }

    [Fact]
    public void Huge_retry_numbers_are_capped_not_overflowed()
    {
        var backoff = new FullJitterBackoff(TimeSpan.FromSeconds(20));
        backoff.Delay(TimeSpan.FromSeconds(1), 5000).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(20));
    }
}
