using System.Text;
using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.PostgreSql;
using Rotator.Rotation.Strategies.PostgreSql;
using Rotator.Rotation.Tests.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.PostgreSql;

/// <summary>
/// User names that break naive SQL (mixed case, quotes, semicolons) and names so long in UTF-8 that the clone's is cut to
/// 63 bytes: rotations keep working, and the cut pair finds its way back to the original through AWSPREVIOUS.
/// </summary>
public sealed class PostgreSqlIdentifierRotationTests(TestbedFixture testbed)
{
    public static TheoryData<string> OddPrefixes => new() { "Rt_\"Odd\" User'; --", "rt_Mixed.Case$" };

    [Theory]
    [MemberData(nameof(OddPrefixes))]
    public async Task Both_strategies_rotate_a_user_with_an_odd_name(string prefix)
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);
        var name = PostgreSqlTestServer.UniqueName(prefix);
        var (app, secret) = await scenario.AppWithSecretAsync("odd-name", withAdmin: true, name);

        await scenario.RotatedAsync(scenario.AlternatingUsers(), secret.Name);
        await scenario.RotatedAsync(scenario.SingleUser(), secret.Name);

        var current = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        current.UserName.Should().Be(name + "_clone");
        (await scenario.CanLogInAsync(current)).Should().BeTrue();
        (await scenario.CanLogInAsync(app)).Should().BeTrue("single user changed the clone's password only");
    }

    [Fact]
    public async Task A_63_byte_name_gets_a_clone_cut_at_a_character_boundary_and_the_pair_alternates()
    {
        await using var scenario = PostgreSqlScenario.Start(testbed);

        // 3 + 8 + 26 x 2 = 63 bytes: the longest name PostgreSQL keeps; "_clone" does not fit without cutting.
        var name = PostgreSqlTestServer.UniqueName("rt_") + new string('ü', 26);
        Encoding.UTF8.GetByteCount(name).Should().Be(63);
        var (app, secret) = await scenario.AppWithSecretAsync("long-name", withAdmin: true, name);
        var strategy = scenario.AlternatingUsers();

        await scenario.RotatedAsync(strategy, secret.Name);
        var clone = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        await scenario.RotatedAsync(strategy, secret.Name);
        var back = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);
        await scenario.RotatedAsync(strategy, secret.Name);
        var cloneAgain = await scenario.CredentialsAsync(secret.Name, SecretVersionSelector.Current);

        clone.UserName.Should().Be(name[..(11 + 23)] + "_clone", "57 bytes of the name (23 whole ü's after the 11 ASCII bytes), then _clone");
        Encoding.UTF8.GetByteCount(clone.UserName).Should().Be(63);
        (await scenario.Server.StringsAsync("SELECT rolname::text FROM pg_roles WHERE rolname = $1", clone.UserName)).Should().ContainSingle();
        back.UserName.Should().Be(app.UserName, "AWSPREVIOUS leads back from the cut clone to the original");
        cloneAgain.UserName.Should().Be(clone.UserName);
        (await scenario.CanLogInAsync(cloneAgain)).Should().BeTrue();
        (await scenario.CanLogInAsync(back)).Should().BeTrue();
    }

    [Fact]
    public void Clone_names_pair_up_both_ways_and_cut_names_need_the_previous_user()
    {
        var original = new string('名', 21); // 63 bytes
        var clone = PostgreSqlCloneNames.CloneOf(original);

        clone.Should().Be(new string('名', 19) + "_clone", "19 x 3 = 57 bytes");
        PostgreSqlCloneNames.IsPair(original, clone).Should().BeTrue();
        PostgreSqlCloneNames.IsPair(clone, original).Should().BeTrue();
        PostgreSqlCloneNames.AlternateOf(clone, original).Should().Be(original);
        PostgreSqlCloneNames.AlternateOf(clone, null).Should().Be(new string('名', 19), "without AWSPREVIOUS only the suffix can be stripped");
        PostgreSqlCloneNames.AlternateOf("app_clone", null).Should().Be("app");
        PostgreSqlCloneNames.AlternateOf("app", "whatever").Should().Be("app_clone");
        PostgreSqlCloneNames.IsPair("app", "other_clone").Should().BeFalse();
    }
}
