using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using k8s.Models;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;
using static Rotator.Operator.Tests.EndToEnd.RestartAndResumeTests;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>A requested rotation that is turned down stays visible on the resource after the next refreshes.</summary>
public sealed class RefusedRotationTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_refused_rotate_now_stays_on_the_resource_and_in_the_history_until_the_spec_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-refused", ct);
        // MySQLSingleUser needs the JSON fields AWS's templates use; a plain string cannot be rotated.
        var secretId = await h.CreateAwsSecretAsync("plain", "not-json-but-a-password-000", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("plain", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } },
            RefreshInterval = "10s",
        }, ct);
        await h.WaitAsync("plain", OperatorHarness.IsReady, Within, "mirrored whole", ct);

        await RotateNowAsync(h, "plain", "refuse-me", ct);
        var refused = await h.WaitAsync("plain", r => r.Status?.History is [{ Result: HistoryResult.Refused }, ..], Within, "refusal recorded", ct);
        var reason = OperatorHarness.Condition(refused, ConditionTypes.Rotating)!.Reason;
        reason.Should().NotBe(StatusReasons.Idle);

        // Two more refresh intervals: the outcome of the request is still what the resource says.
        await Task.Delay(TimeSpan.FromSeconds(25), ct);
        var later = (await h.RotatingSecrets.GetAsync(h.Namespace, "plain", ct))!;
        OperatorHarness.Condition(later, ConditionTypes.Rotating).Should().Match<Condition>(c => c.Status == "False" && c.Reason == reason);
        later.Status!.History.Should().ContainSingle().Which.Result.Should().Be(HistoryResult.Refused);
        OperatorHarness.IsReady(later).Should().BeTrue("the Secret still mirrors AWSCURRENT");
        var versions = await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct);
        versions.Versions.Should().ContainSingle("a refused rotation writes nothing to AWS");

        // A spec change (where the fix usually is) clears it.
        await h.RotatingSecrets.PatchAsync(h.Namespace, "plain", new JsonObject { ["spec"] = new JsonObject { ["refreshInterval"] = "11s" } }, V1Patch.PatchType.MergePatch, ct);
        await h.WaitAsync("plain", r => OperatorHarness.Condition(r, ConditionTypes.Rotating)?.Reason == StatusReasons.Idle, Within, "back to idle after the spec changed", ct);
        await h.AssertNothingLeaksAsync(["not-json-but-a-password-000"], ct);
    }
}
