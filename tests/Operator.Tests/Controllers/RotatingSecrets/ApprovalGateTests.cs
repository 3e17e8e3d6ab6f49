using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary>The approval gate's decision, the spec checks that go with it, and what an expired approval does to the next rotation.</summary>
public sealed class ApprovalGateTests
{
    private const string Pending = "11111111-2222-3333-4444-555555555555";

    private static readonly DateTimeOffset Since = new(2025, 3, 1, 4, 0, 0, TimeSpan.Zero);

    private static readonly RotationSpec Manual = new() { Strategy = RotationStrategy.MySQLSingleUser, Approval = ApprovalMode.Manual, ApprovalTimeout = "24h" };

    private static readonly RotationProgress Waiting = new() { VersionId = Pending, ApprovalRequired = true, AwaitingApprovalSince = Since };

    [Fact]
    public void A_rotation_started_without_the_gate_or_released_by_approval_Automatic_runs()
    {
        Check(Manual, Waiting with { ApprovalRequired = null }, Since).State.Should().Be(ApprovalState.NotRequired, "the gate is fixed when the rotation starts");
        Check(Manual with { Approval = ApprovalMode.Automatic, ApprovalTimeout = null }, Waiting, Since).State.Should().Be(ApprovalState.NotRequired);
    }

    [Fact]
    public void Before_AWSPENDING_is_stored_the_engine_runs_with_the_hold()
    {
        Check(Manual, Waiting with { AwaitingApprovalSince = null }, Since).Should().Be(new ApprovalCheck(ApprovalState.Hold));
    }

    [Fact]
    public void A_stored_pending_version_waits_until_its_deadline_then_expires()
    {
        Check(Manual, Waiting, Since.AddHours(23)).Should().Be(new ApprovalCheck(ApprovalState.Waiting, null, Since.AddHours(24)));
        Check(Manual, Waiting, Since.AddHours(24)).State.Should().Be(ApprovalState.Expired);
        Check(Manual with { ApprovalTimeout = null }, Waiting, Since.AddDays(365)).Should().Be(new ApprovalCheck(ApprovalState.Waiting), "no timeout: it waits forever");
    }

    [Fact]
    public void Only_an_annotation_naming_the_pending_version_approves()
    {
        Check(Manual, Waiting, Since.AddHours(1), Pending).State.Should().Be(ApprovalState.Approved);
        Check(Manual, Waiting, Since.AddHours(25), $" {Pending} ").State.Should().Be(ApprovalState.Approved, "an approval beats an expiry not yet carried out");
        Check(Manual, Waiting with { ApprovedAt = Since }, Since.AddHours(25)).State.Should().Be(ApprovalState.Approved, "once approved, removing the annotation does not stop it");

        Check(Manual, Waiting, Since.AddHours(1), "an-older-version").Should().Be(new ApprovalCheck(ApprovalState.Waiting, "an-older-version", Since.AddHours(24)));
        Check(Manual, Waiting with { AwaitingApprovalSince = null }, Since, "an-older-version").Should().Be(new ApprovalCheck(ApprovalState.Hold, "an-older-version"));
        Check(Manual, Waiting, Since.AddHours(1), "").State.Should().Be(ApprovalState.Waiting);
    }

    [Theory]
    [InlineData(RotationStrategy.AwsManaged, "Manual", null, "spec.rotation.approval Manual needs a strategy whose steps the operator runs, not AwsManaged")]
    [InlineData(RotationStrategy.None, "Manual", null, "spec.rotation.approval Manual needs a strategy whose steps the operator runs, not None")]
    [InlineData(RotationStrategy.RandomValue, null, "1h", "spec.rotation.approvalTimeout applies only with spec.rotation.approval Manual")]
    [InlineData(RotationStrategy.RandomValue, "Manual", "0s", "spec.rotation.approvalTimeout '0s' is not a duration")]
    public void Approval_settings_that_cannot_work_are_InvalidSpec(RotationStrategy strategy, string? approval, string? timeout, string message)
    {
        var rotation = new RotationSpec { Strategy = strategy, Approval = approval is null ? null : Enum.Parse<ApprovalMode>(approval), ApprovalTimeout = timeout };

        var resolve = () => SpecResolver.Resolve(Specimens.Resource(rotation), Specimens.DefaultRefresh);

        resolve.Should().Throw<InvalidSpecException>().Which.Message.Should().StartWith(message);
    }

    [Fact]
    public void Approval_resolves_with_its_timeout_and_defaults_to_Automatic()
    {
        var manual = SpecResolver.Resolve(Specimens.Resource(Manual), Specimens.DefaultRefresh);
        var automatic = SpecResolver.Resolve(Specimens.Resource(RotationStrategy.RandomValue), Specimens.DefaultRefresh);

        manual.Approval.Should().Be(ApprovalMode.Manual);
        manual.ApprovalTimeout.Should().Be(TimeSpan.FromHours(24));
        automatic.Approval.Should().Be(ApprovalMode.Automatic);
        automatic.ApprovalTimeout.Should().BeNull();
    }

    [Fact]
    public void After_an_expired_approval_the_schedule_waits_like_after_an_abandoned_rotation_but_rotate_now_does_not()
    {
        var expiredAt = Since.AddDays(1);
        var status = new RotatingSecretStatus
        {
            LastRotationTime = Since.AddDays(-40),
            History = [new RotationHistoryEntry { VersionId = Pending, Result = HistoryResult.Expired, FinishedAt = expiredAt }],
        };
        var rotation = Manual with { Schedule = "rate(30 days)" };
        var spec = SpecResolver.Resolve(Specimens.Resource(rotation), Specimens.DefaultRefresh);

        var scheduled = RotationTrigger.Decide(Specimens.Resource(rotation, status), spec, null, expiredAt.AddMinutes(10), TimeSpan.FromHours(1));
        var requested = RotationTrigger.Decide(
            Specimens.Resource(rotation, status, new Dictionary<string, string> { [RequestAnnotations.RotateNow] = "again" }), spec, null, expiredAt.AddMinutes(10), TimeSpan.FromHours(1));

        scheduled.Due.Should().BeFalse("a new pending version right away would only wait and expire again");
        scheduled.NextRotation.Should().Be(expiredAt.AddHours(1));
        requested.Due.Should().BeTrue();
    }

    private static ApprovalCheck Check(RotationSpec rotation, RotationProgress progress, DateTimeOffset now, string? approval = null)
    {
        var resource = Specimens.Resource(rotation, annotations: approval is null ? null : new Dictionary<string, string> { [RequestAnnotations.Approve] = approval });
        return ApprovalGate.Check(resource, SpecResolver.Resolve(resource, Specimens.DefaultRefresh), progress, now);
    }
}
