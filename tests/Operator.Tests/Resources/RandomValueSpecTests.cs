using FluentAssertions;
using Rotator.Api;
using Rotator.Rotation.Strategies;

namespace Rotator.Operator.Tests.Resources;

public sealed class RandomValueSpecTests
{
    [Fact]
    public void The_schema_admits_exactly_the_binary_lengths_the_strategy_accepts()
    {
        // The API library knows nothing of Rotation.Core, so the bound is written twice; this holds the two equal.
        RandomValueSpec.MaxBinaryLength.Should().Be(RandomValueStrategy.MaxBinaryLength);
    }
}
