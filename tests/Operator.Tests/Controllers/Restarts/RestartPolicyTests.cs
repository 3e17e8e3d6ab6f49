using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.Restarts;

namespace Rotator.Operator.Tests.Controllers.Restarts;

public sealed class RestartPolicyTests
{
    private static readonly HeldVersion HeldApp = HeldVersion.Mirrored("v1", "app");

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
        RestartPolicy.Decide(null, RotationStrategy.MySQLAlternatingUsers, HeldApp, "app_clone").Should().Be(RestartScope.All);
        RestartPolicy.Decide(null, RotationStrategy.MySQLAlternatingUsers, HeldApp, "app").Should().Be(RestartScope.None);
    }

    [Fact]
    public void Any_change_restarts_on_other_data_even_with_the_same_user()
    {
        RestartPolicy.Decide(null, RotationStrategy.MySQLSingleUser, HeldApp, "app").Should().Be(RestartScope.All);
        RestartPolicy.Decide(RestartWhen.AnyChange, RotationStrategy.MySQLAlternatingUsers, HeldApp, "app").Should().Be(RestartScope.All);
    }

    [Fact]
    public void Explicit_username_change_overrides_the_default()
    {
        RestartPolicy.Decide(RestartWhen.UsernameChange, RotationStrategy.RandomValue, HeldVersion.Mirrored("v1", null), null).Should().Be(RestartScope.None);
        RestartPolicy.Decide(RestartWhen.UsernameChange, RotationStrategy.MySQLSingleUser, HeldVersion.Mirrored("v1", null), "app").Should().Be(RestartScope.All);
    }

    [Fact]
    public void Never_means_never()
    {
        RestartPolicy.Decide(RestartWhen.Never, RotationStrategy.MySQLAlternatingUsers, HeldApp, "app_clone").Should().Be(RestartScope.None);
        RestartPolicy.Decide(RestartWhen.Never, RotationStrategy.RandomValue, HeldVersion.Absent, null).Should().Be(RestartScope.None);
    }

    [Fact]
    public void Consumers_that_hold_the_current_data_restart_nowhere()
    {
        RestartPolicy.Decide(RestartWhen.AnyChange, RotationStrategy.RandomValue, HeldVersion.Current, "b").Should().Be(RestartScope.None);
    }

    [Fact]
    public void A_secret_created_in_this_pass_restarts_only_the_named_targets()
    {
        RestartPolicy.Decide(null, RotationStrategy.MySQLSingleUser, HeldVersion.Absent, "app").Should().Be(RestartScope.Explicit);
        // Nothing shows which user a named target's pods hold: a switch is assumed.
        RestartPolicy.Decide(null, RotationStrategy.MySQLAlternatingUsers, HeldVersion.Absent, "app").Should().Be(RestartScope.Explicit);
    }

    [Fact]
    public void Data_of_unknown_origin_restarts_every_consumer_even_under_username_change()
    {
        // An adopted Secret whose data came from elsewhere, or a stamp left by a write whose restarts a crash cut short.
        var stamped = new HeldVersion(HeldKind.Other, "unknown", null, false);
        RestartPolicy.Decide(null, RotationStrategy.MySQLAlternatingUsers, stamped, "app").Should().Be(RestartScope.All);
        var adoptedSameUser = new HeldVersion(HeldKind.Other, "unknown", "app", true);
        RestartPolicy.Decide(null, RotationStrategy.MySQLAlternatingUsers, adoptedSameUser, "app").Should().Be(RestartScope.None);
        RestartPolicy.Decide(null, RotationStrategy.MySQLSingleUser, adoptedSameUser, "app").Should().Be(RestartScope.All);
    }
}
