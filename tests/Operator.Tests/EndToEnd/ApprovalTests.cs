using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// <c>spec.rotation.approval: Manual</c> end to end: a MySQL single user on the test bed's MariaDB, whose
/// password is the target that must not change before the approval annotation names the pending version.
/// </summary>
public sealed class ApprovalTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_manual_rotation_waits_before_setSecret_ignores_a_stale_approval_and_finishes_once_its_version_is_approved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-approve", ct);
        await using var users = new MySqlUsers(testbed.MariaDb);
        const string firstPassword = "Approve-first-0123456789";
        var (user, secretId, held) = await StartHeldAsync(h, users, firstPassword, timeout: null, ct);
        var pendingVersion = held.Status!.Rotation!.VersionId!;
        var firstVersion = held.Status.CurrentVersionId!;
        held.Status.Rotation.AwaitingApprovalSince.Should().NotBeNull();
        held.Status.Rotation.ApprovalRequired.Should().BeTrue();
        OperatorHarness.Condition(held, ConditionTypes.Rotating)!.Message.Should().Contain(pendingVersion).And.Contain("kubectl rotator approve db");
        var pendingPassword = await AssertHeldAsync(h, users, secretId, user, firstPassword, firstVersion, pendingVersion, ct);

        // Refreshes while waiting (refreshInterval 10s) and an approval naming another version change nothing.
        await Approve(h, "db", Guid.NewGuid().ToString(), ct);
        await Eventually.HoldsAsync(async () => (await h.EventsAsync(ct)).Any(e => e.Reason == StatusReasons.ApprovalIgnored), Within, "the stale approval is reported");
        await Task.Delay(TimeSpan.FromSeconds(12), ct);
        var still = (await h.RotatingSecrets.GetAsync(h.Namespace, "db", ct))!;
        IsAwaitingApproval(still).Should().BeTrue();
        still.Status!.Rotation!.VersionId.Should().Be(pendingVersion);
        still.Status.History.Should().BeNullOrEmpty();
        OperatorHarness.Condition(still, ConditionTypes.Rotating)!.Message.Should().Contain("names another version");
        (await AssertHeldAsync(h, users, secretId, user, firstPassword, firstVersion, pendingVersion, ct)).Should().Be(pendingPassword);
        (await AwaitingApprovalGaugeAsync(h, "db")).Should().Be("1", "the gauge shows the rotation waiting for a person");

        await Approve(h, "db", pendingVersion, ct);
        var done = await h.WaitAsync("db", r => r.Status?.Rotation is null && r.Status?.History?.Count == 1 && r.Status.CurrentVersionId == pendingVersion, Within, "approved rotation finished", ct);
        done.Status!.History![0].Result.Should().Be(HistoryResult.Succeeded);
        (await AwaitingApprovalGaugeAsync(h, "db")).Should().Be("0");
        OperatorHarness.Condition(done, ConditionTypes.Rotating)!.Reason.Should().Be(StatusReasons.Rotated);
        (await users.CanLogInAsync(user, pendingPassword, ct)).Should().BeTrue("the approved version's password is set");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeFalse("single user: the old password ends at setSecret");
        (await MirroredPasswordAsync(h, ct)).Should().Be(pendingPassword);
        var described = await h.Aws.DescribeSecretAsync(secretId, ct);
        described.VersionIdsToStages[pendingVersion].Should().Contain(SecretVersionStages.Current).And.NotContain(SecretVersionStages.Pending);
        await Eventually.HoldsAsync(
            async () => (await h.EventsAsync(ct)).Select(e => e.Reason).ToHashSet() is var reasons && reasons.Contains(StatusReasons.AwaitingApproval) && reasons.Contains(StatusReasons.Approved),
            TimeSpan.FromSeconds(15), "AwaitingApproval and Approved events");
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task A_pending_version_not_approved_in_time_is_discarded_and_the_target_never_changes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-expire", ct);
        await using var users = new MySqlUsers(testbed.MariaDb);
        const string firstPassword = "Expire-first-0123456789";
        var (user, secretId, held) = await StartHeldAsync(h, users, firstPassword, timeout: "4s", ct);
        var pendingVersion = held.Status!.Rotation!.VersionId!;
        var firstVersion = held.Status.CurrentVersionId!;
        OperatorHarness.Condition(held, ConditionTypes.Rotating)!.Message.Should().Contain("discarded if not approved by");

        var expired = await h.WaitAsync("db", r => r.Status?.History is [{ Result: HistoryResult.Expired }, ..], Within, "approval expired", ct);
        expired.Status!.Rotation.Should().BeNull();
        expired.Status.History![0].VersionId.Should().Be(pendingVersion);
        expired.Status.CurrentVersionId.Should().Be(firstVersion);
        OperatorHarness.Condition(expired, ConditionTypes.Rotating).Should().Match<Condition>(c => c.Status == "False" && c.Reason == StatusReasons.ApprovalExpired);
        var stages = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages;
        stages.Values.Should().NotContain(s => s.Contains(SecretVersionStages.Pending), "the pending version was discarded");
        stages[firstVersion].Should().Contain(SecretVersionStages.Current);
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the target never changed");
        (await MirroredPasswordAsync(h, ct)).Should().Be(firstPassword);
        await Eventually.HoldsAsync(async () => (await h.EventsAsync(ct)).Any(e => e.Reason == StatusReasons.ApprovalExpired && e.Type == "Warning"), TimeSpan.FromSeconds(15), "ApprovalExpired event");

        // Approving the discarded version now does nothing; a new rotate-now starts a fresh rotation at once.
        await Approve(h, "db", pendingVersion, ct);
        await h.RotatingSecrets.PatchAsync(h.Namespace, "db",
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.RotateNow] = "second" } } }, V1Patch.PatchType.MergePatch, ct);
        var again = await h.WaitAsync("db", r => IsAwaitingApproval(r) && r.Status!.Rotation!.VersionId != pendingVersion, Within, "a new rotation held for approval", ct);
        again.Status!.CurrentVersionId.Should().Be(firstVersion);
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue();
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    /// <summary>The value of <c>rotator_rotations_awaiting_approval</c> for the resource, or null when absent.</summary>
    private static async Task<string?> AwaitingApprovalGaugeAsync(OperatorHarness h, string name)
    {
        var line = (await h.Operator.GetAsync("/metrics")).Body.Split('\n')
            .FirstOrDefault(l => l.StartsWith("rotator_rotations_awaiting_approval{", StringComparison.Ordinal)
                && l.Contains($"namespace=\"{h.Namespace}\"", StringComparison.Ordinal) && l.Contains($"name=\"{name}\"", StringComparison.Ordinal));
        return line?[(line.LastIndexOf(' ') + 1)..];
    }

    private static bool IsAwaitingApproval(RotatingSecret resource) =>
        OperatorHarness.Condition(resource, ConditionTypes.Rotating) is { Status: "True", Reason: StatusReasons.AwaitingApproval };

    private static RotatingSecretSpec Spec(string secretId, string? timeout) => new()
    {
        SecretId = secretId,
        Rotation = new RotationSpec
        {
            Strategy = RotationStrategy.MySQLSingleUser, Mysql = new MySqlSpec { Tls = TlsMode.Disabled }, Approval = ApprovalMode.Manual, ApprovalTimeout = timeout,
        },
        RefreshInterval = "10s",
    };

    /// <summary>A MySQL user, its AWS secret, the operator, and a RotatingSecret <c>db</c> whose first rotation (rotate-now) is held for approval.</summary>
    private static async Task<(string User, string SecretId, RotatingSecret Held)> StartHeldAsync(
        OperatorHarness h, MySqlUsers users, string password, string? timeout, CancellationToken ct)
    {
        var server = users.Server;
        var user = await users.CreateAsync(password, ct);
        var secretId = await h.CreateAwsSecretAsync("single",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = password }.ToJsonString(), ct);
        await h.StartAsync(ct);
        await h.CreateAsync("db", Spec(secretId, timeout), ct, new Dictionary<string, string> { [RequestAnnotations.RotateNow] = "first" });
        var held = await h.WaitAsync("db", IsAwaitingApproval, Within, "rotation held for approval", ct);
        return (user, secretId, held);
    }

    /// <summary>Checks nothing but AWSPENDING changed: AWSCURRENT, the MySQL password and the mirrored Secret are the first ones.</summary>
    /// <returns>The pending version's password.</returns>
    private static async Task<string> AssertHeldAsync(
        OperatorHarness h, MySqlUsers users, string secretId, string user, string firstPassword, string firstVersion, string pendingVersion, CancellationToken ct)
    {
        var stages = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages;
        stages[pendingVersion].Should().Contain(SecretVersionStages.Pending).And.NotContain(SecretVersionStages.Current);
        stages[firstVersion].Should().Contain(SecretVersionStages.Current);
        var pending = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.ByIdAndStage(pendingVersion, SecretVersionStages.Pending), ct);
        var pendingPassword = (string)JsonNode.Parse(pending.SecretString!)!["password"]!;
        pendingPassword.Should().NotBe(firstPassword);
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("setSecret has not run: the old password still works");
        (await users.CanLogInAsync(user, pendingPassword, ct)).Should().BeFalse("the pending password is not set on the database yet");
        (await MirroredPasswordAsync(h, ct)).Should().Be(firstPassword);
        return pendingPassword;
    }

    private static async Task<string> MirroredPasswordAsync(OperatorHarness h, CancellationToken ct) =>
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "db", ct))!.Data!["password"]);

    private static Task Approve(OperatorHarness h, string name, string versionId, CancellationToken ct) =>
        h.RotatingSecrets.PatchAsync(h.Namespace, name,
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.Approve] = versionId } } }, V1Patch.PatchType.MergePatch, ct);
}
