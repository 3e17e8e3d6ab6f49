using FluentAssertions;
using Rotator.Operator.Controllers.Tenancy;

namespace Rotator.Operator.Tests.Controllers;

public sealed class TenancyPolicyTests
{
    [Theory]
    [InlineData("shop", "shop/orders-db", true)]
    [InlineData("shop", "shop/nested/orders-db", true)]
    [InlineData("shop", "billing/orders-db", false)]
    [InlineData("shop", "shopping/orders-db", false)]
    [InlineData("shop", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/orders-db-AbCdEf", true)]
    [InlineData("shop", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:billing/orders-db-AbCdEf", false)]
    public void Default_policy_confines_a_namespace_to_its_own_prefix(string ns, string secretId, bool allowed) =>
        new TenancyPolicy().Allows(ns, secretId).Should().Be(allowed);

    [Fact]
    public void Admin_policy_per_namespace_with_a_fallback_for_the_rest()
    {
        var policy = new TenancyPolicy(new Dictionary<string, IReadOnlyList<string>>
        {
            ["platform"] = ["*"],
            ["shop"] = ["shop/*", "shared/db-admin"],
            ["*"] = ["{namespace}/app-?"],
        });

        policy.Allows("platform", "anything/at/all").Should().BeTrue();
        policy.Allows("shop", "shared/db-admin").Should().BeTrue();
        policy.Allows("shop", "shared/other").Should().BeFalse();
        policy.Allows("team", "team/app-1").Should().BeTrue();
        policy.Allows("team", "team/app-12").Should().BeFalse("? is exactly one character");
        policy.Allows("team", "team/orders").Should().BeFalse("the fallback replaces the default for unlisted namespaces");
    }

    [Fact]
    public void Glob_metacharacters_in_ids_are_literal()
    {
        var policy = new TenancyPolicy(new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["a/x.y"] });
        policy.Allows("a", "a/x.y").Should().BeTrue();
        policy.Allows("a", "a/xzy").Should().BeFalse("a dot in a pattern is not a regex wildcard");
    }
}
