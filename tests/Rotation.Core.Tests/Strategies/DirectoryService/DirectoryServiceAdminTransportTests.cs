using FluentAssertions;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Tests.Aws;
using Rotator.Testbed;
using Rotator.Testbed.Aws;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// A rotation's Directory Service calls go through the same AWS transport as its Secrets Manager calls: a throttle
/// from the service is retried with backoff, and every attempt is counted under the <c>ds</c> service label. The fault
/// proxy sits between the client and the Directory Service stand-in, which changes the password in slapd.
/// </summary>
public sealed class DirectoryServiceAdminTransportTests(TestbedFixture testbed)
{
    [Fact]
    public async Task A_throttled_ResetUserPassword_is_retried_once_and_the_rotation_finishes()
    {
        await using var scenario = DirectoryScenario.Start(testbed, new AwsFaultProxyOptions
        {
            Probability = 0,
            Planned = new Dictionary<string, IReadOnlyList<AwsFault>> { ["ResetUserPassword"] = [AwsFault.Throttling] },
        });
        var secret = await scenario.CreateSecretAsync("throttled", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        var current = await scenario.JsonAsync(secret.Name, SecretVersionSelector.Current);
        (await scenario.BindAsync(current["password"]!.GetValue<string>())).Should().Be(LdapBindOutcome.Success);
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.InvalidCredentials);

        scenario.Proxy!.Calls.Where(c => c.Operation == "ResetUserPassword").Select(c => c.Fault)
            .Should().Equal([AwsFault.Throttling, AwsFault.None], "the throttled call is sent once more, and only once");
        scenario.StandIn.Calls.Where(c => c.Target == DirectoryServiceStandIn.TargetPrefix + "ResetUserPassword")
            .Should().ContainSingle("the throttle came from the proxy; the directory saw the retry only").Which.StatusCode.Should().Be(200);
        var calls = scenario.AwsCalls.Observations;
        calls.Where(o => o.Operation == "ResetUserPassword").Select(o => (o.Service, o.Outcome))
            .Should().Equal(("ds", AwsCallOutcomes.Throttled), ("ds", AwsCallOutcomes.Success));
        calls.Where(o => o.Operation == "DescribeDirectories").Should().NotBeEmpty()
            .And.OnlyContain(o => o.Service == "ds" && o.Outcome == AwsCallOutcomes.Success);
        calls.Where(o => o.Operation == "PutSecretValue").Should().ContainSingle()
            .Which.Service.Should().Be("secretsmanager", "both services report to the one observer");
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task A_Directory_Service_that_stays_throttled_fails_the_step_without_a_refusal_and_the_next_run_finishes()
    {
        var attempts = MotoAws.Options.MaxAttempts;
        await using var scenario = DirectoryScenario.Start(testbed, new AwsFaultProxyOptions
        {
            Probability = 0,
            Planned = new Dictionary<string, IReadOnlyList<AwsFault>> { ["ResetUserPassword"] = [.. Enumerable.Repeat(AwsFault.Throttling, attempts)] },
        });
        var secret = await scenario.CreateSecretAsync("stays-throttled", scenario.PlainSecret());

        var first = await scenario.RunAsync(secret.Name);

        first.Should().Match<RotationOutcome>(o => o.Result == RotationResult.Failed && o.FailedStep == RotationStepNames.SetSecret && o.Reason == RotationReasons.AwsError);
        first.Message.Should().Contain("ds.ResetUserPassword").And.Contain("ThrottlingException");
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success, "no reset reached the directory");
        scenario.AwsCalls.Count("ResetUserPassword", AwsCallOutcomes.Throttled).Should().Be(attempts);

        var second = await scenario.RunAsync(secret.Name, first.VersionId);

        second.Result.Should().Be(RotationResult.Succeeded, second.Message);
        second.VersionId.Should().Be(first.VersionId, "the next run resumes the same rotation");
        var current = await scenario.JsonAsync(secret.Name, SecretVersionSelector.Current);
        (await scenario.BindAsync(current["password"]!.GetValue<string>())).Should().Be(LdapBindOutcome.Success);
        scenario.ShouldNotLeak(first, second);
    }
}
