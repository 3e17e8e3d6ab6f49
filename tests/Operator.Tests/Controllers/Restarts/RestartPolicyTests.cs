using FluentAssertions;
using Rotator.Operator.Controllers.Restarts;
using Rotator.Operator.Resources;

namespace Rotator.Operator.Tests.Controllers.Restarts;

public sealed class RestartPolicyTests
{
    [Theory]
    [InlineData(RotationStrategy.MySQLAlternatingUsers, RestartWhen.UsernameChange)]
    [InlineData(RotationStrategy.MySQLSingleUser, RestartWhen.AnyChange)]
    [InlineData(RotationStrategy.RandomValue, RestartWhen.AnyChange)]
    [InlineData(RotationStrategy.AwsManaged, RestartWhen.AnyChange)]
    [InlineData(RotationStrategy.None, RestartWhen.AnyChange)]
    public void Default_depends_on_the_strategy(RotationStrategy strategy, RestartWhen expected) =>
        RestartPolicy.Effective(null, strategy).Should().Be(expected);

    [Fact]
    public void Alternating_users_restart_only_when_the_user_switches()
    {
        RestartPolicy.ShouldRestart(null, RotationStrategy.MySQLAlternatingUsers, "app", "app_clone", "v1", "v2").Should().BeTrue();
        RestartPolicy.ShouldRestart(null, RotationStrategy.MySQLAlternatingUsers, "app", "app", "v1", "v2").Should().BeFalse();
    }

    [Fact]
    public void Any_change_restarts_on_a_new_version_even_with_the_same_user()
    {
        RestartPolicy.ShouldRestart(null, RotationStrategy.MySQLSingleUser, "app", "app", "v1", "v2").Should().BeTrue();
        RestartPolicy.ShouldRestart(RestartWhen.AnyChange, RotationStrategy.MySQLAlternatingUsers, "app", "app", "v1", "v2").Should().BeTrue();
    }

    [Fact]
    public void Explicit_username_change_overrides_the_default()
    {
        RestartPolicy.ShouldRestart(RestartWhen.UsernameChange, RotationStrategy.RandomValue, null, null, "v1", "v2").Should().BeFalse();
        RestartPolicy.ShouldRestart(RestartWhen.UsernameChange, RotationStrategy.MySQLSingleUser, null, "app", "v1", "v2").Should().BeTrue();
    }

    [Fact]
    public void Never_means_never()
    {
        RestartPolicy.ShouldRestart(RestartWhen.Never, RotationStrategy.MySQLAlternatingUsers, "app", "app_clone", "v1", "v2").Should().BeFalse();
        RestartPolicy.ShouldRestart(RestartWhen.Never, RotationStrategy.RandomValue, null, null, "v1", "v2").Should().BeFalse();
    }

    [Fact]
    public void Same_version_or_first_mirror_restarts_nothing()
    {
        RestartPolicy.ShouldRestart(RestartWhen.AnyChange, RotationStrategy.RandomValue, "a", "b", "v1", "v1").Should().BeFalse();
        RestartPolicy.ShouldRestart(RestartWhen.AnyChange, RotationStrategy.RandomValue, null, "b", null, "v1").Should().BeFalse();
    }
}
