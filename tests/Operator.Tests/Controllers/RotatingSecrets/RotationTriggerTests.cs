using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary>When a rotation starts, resumes or waits. The clock is a parameter, so every case names its own "now".</summary>
public sealed class RotationTriggerTests
{
    private static readonly DateTimeOffset LastRotation = new(2025, 3, 1, 4, 0, 0, TimeSpan.Zero);

    private static readonly RotatingSecretStatus RotatedOnce = new()
    {
        LastRotationTime = LastRotation,
        History = [new RotationHistoryEntry { VersionId = "v1", Result = HistoryResult.Succeeded, FinishedAt = LastRotation }],
    };

    private static readonly RotatingSecretStatus InFlight = RotatedOnce with
    {
        Rotation = new RotationProgress { VersionId = "v2", Step = "setSecret", StartedAt = LastRotation.AddDays(1), Attempts = 1 },
    };

    [Fact]
    public void A_daily_rate_is_not_due_before_a_day_has_passed_and_names_the_next_slot()
    {
        var decision = Decide(Daily(), RotatedOnce, LastRotation.AddHours(23));

        decision.Due.Should().BeFalse();
        decision.Why.Should().Be("not due");
        decision.NextRotation.Should().Be(LastRotation.AddDays(1));
    }

    [Fact]
    public void A_daily_rate_is_due_once_the_day_has_passed()
    {
        var decision = Decide(Daily(), RotatedOnce, LastRotation.AddDays(1).AddMinutes(1));

        decision.Due.Should().BeTrue();
        decision.Why.Should().Be("schedule rate(1 day)");
        decision.RotateNow.Should().BeNull();
    }

    [Fact]
    public void A_change_made_outside_the_operator_restarts_the_schedule()
    {
        var changedByHand = LastRotation.AddHours(12);

        var decision = Decide(Daily(), RotatedOnce, LastRotation.AddDays(1).AddHours(1), lastChange: changedByHand);

        decision.Due.Should().BeFalse("the secret is only 13 hours old");
        decision.NextRotation.Should().Be(changedByHand.AddDays(1));
    }

    [Fact]
    public void A_slot_missed_beyond_its_window_waits_for_the_next_one()
    {
        var rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, Schedule = "cron(0 4 * * ? *)", Window = "1h" };
        var missedBy = LastRotation.AddDays(1).AddHours(2);

        var late = Decide(rotation, RotatedOnce, missedBy);
        var inWindow = Decide(rotation, RotatedOnce, LastRotation.AddDays(1).AddMinutes(30));

        late.Due.Should().BeFalse();
        late.NextRotation.Should().Be(LastRotation.AddDays(2));
        inWindow.Due.Should().BeTrue();
    }

    [Fact]
    public void Without_a_schedule_nothing_is_due_and_no_next_rotation_is_reported()
    {
        var decision = Decide(new RotationSpec { Strategy = RotationStrategy.RandomValue }, RotatedOnce, LastRotation.AddDays(400));

        decision.Due.Should().BeFalse();
        decision.Why.Should().Be("no rotation scheduled");
        decision.NextRotation.Should().BeNull();
    }

    [Fact]
    public void A_new_resource_with_a_schedule_counts_from_when_aws_last_changed_the_secret()
    {
        var created = LastRotation;

        var decision = Decide(Daily(), status: null, created.AddHours(2), lastChange: created);

        decision.Due.Should().BeFalse("a secret created two hours ago is not due for a daily rotation");
        decision.NextRotation.Should().Be(created.AddDays(1));
    }

    [Fact]
    public void Rotate_on_create_rotates_a_resource_that_never_rotated()
    {
        var decision = Decide(new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true }, status: null, LastRotation);

        decision.Due.Should().BeTrue();
        decision.Why.Should().Be("rotateOnCreate");
    }

    [Fact]
    public void Rotate_on_create_retries_after_a_first_rotation_that_did_not_succeed()
    {
        var failed = new RotatingSecretStatus { History = [new RotationHistoryEntry { VersionId = "v1", Result = HistoryResult.RolledBack }] };

        var decision = Decide(new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true }, failed, LastRotation);

        decision.Due.Should().BeTrue();
    }

    [Fact]
    public void Rotate_on_create_does_not_rotate_again_once_a_rotation_succeeded()
    {
        var rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true };
        var succeededButTimeLost = new RotatingSecretStatus { History = [new RotationHistoryEntry { VersionId = "v1", Result = HistoryResult.Succeeded }] };

        Decide(rotation, RotatedOnce, LastRotation.AddMinutes(1)).Due.Should().BeFalse();
        Decide(rotation, succeededButTimeLost, LastRotation.AddMinutes(1)).Due.Should().BeFalse();
    }

    [Fact]
    public void A_new_rotate_now_value_rotates_once_and_reports_the_value_it_answers()
    {
        var decision = Decide(Daily(), RotatedOnce, LastRotation.AddHours(1), rotateNow: "1735689600");

        decision.Due.Should().BeTrue("the schedule is not due, but the user asked");
        decision.RotateNow.Should().Be("1735689600");
        decision.Why.Should().Be("rotator.io/rotate-now=1735689600");
        decision.NextRotation.Should().Be(LastRotation.AddDays(1));
    }

    [Fact]
    public void A_rotate_now_value_already_handled_does_not_rotate_again()
    {
        var handled = RotatedOnce with { HandledRotateNow = "1735689600" };

        var decision = Decide(Daily(), handled, LastRotation.AddHours(1), rotateNow: "1735689600");

        decision.Due.Should().BeFalse("re-applying the same manifest must not rotate twice");
        decision.RotateNow.Should().BeNull();
    }

    [Fact]
    public void A_different_rotate_now_value_after_a_handled_one_rotates_again()
    {
        var handled = RotatedOnce with { HandledRotateNow = "1735689600" };

        var decision = Decide(Daily(), handled, LastRotation.AddHours(1), rotateNow: "1735693200");

        decision.Due.Should().BeTrue();
        decision.RotateNow.Should().Be("1735693200");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_rotate_now_value_is_not_a_request(string value)
    {
        Decide(Daily(), RotatedOnce, LastRotation.AddHours(1), rotateNow: value).Due.Should().BeFalse();
    }

    [Fact]
    public void Suspension_stops_scheduled_requested_and_on_create_rotations()
    {
        var rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, Schedule = "rate(1 day)", RotateOnCreate = true, Suspend = true };

        var decision = Decide(rotation, RotatedOnce, LastRotation.AddDays(3), rotateNow: "1735689600");
        var fresh = Decide(rotation, status: null, LastRotation);

        decision.Due.Should().BeFalse();
        decision.Why.Should().Be("rotation is suspended");
        decision.NextRotation.Should().BeNull("a suspended resource has no next rotation");
        decision.RotateNow.Should().BeNull("the request stays unhandled until the resource is resumed");
        fresh.Due.Should().BeFalse();
    }

    [Fact]
    public void A_rotation_in_flight_resumes_before_anything_else_is_considered()
    {
        var decision = Decide(Daily(), InFlight with { HandledRotateNow = "old" }, LastRotation.AddDays(1).AddHours(1), rotateNow: "new");

        decision.Due.Should().BeTrue();
        decision.Why.Should().Contain("resuming rotation v2");
        decision.RotateNow.Should().BeNull("the request was made while v2 ran; it gets a rotation of its own afterwards");
    }

    [Fact]
    public void A_rotation_in_flight_resumes_even_when_the_resource_is_suspended()
    {
        // A half-done rotation leaves AWSPENDING in Secrets Manager and, after setSecret, a target that
        // already accepts only the pending password: suspension must not freeze that.
        var suspended = Daily() with { Suspend = true };

        var decision = Decide(suspended, InFlight, LastRotation.AddDays(1).AddHours(1));

        decision.Due.Should().BeTrue();
        decision.Why.Should().Contain("resuming rotation v2");
        decision.NextRotation.Should().BeNull("a suspended resource has no next rotation");
    }

    [Fact]
    public void Strategy_none_never_rotates_even_on_request()
    {
        var decision = Decide(new RotationSpec { Strategy = RotationStrategy.None }, RotatedOnce, LastRotation.AddDays(1), rotateNow: "1735689600");

        decision.Due.Should().BeFalse();
        decision.Why.Should().Be("strategy None: mirror only");
    }

    [Fact]
    public void Strategy_none_names_a_rotation_left_in_flight_instead_of_calling_it_mirror_only()
    {
        var decision = Decide(new RotationSpec { Strategy = RotationStrategy.None }, InFlight, LastRotation.AddDays(1));

        decision.Due.Should().BeFalse();
        decision.Why.Should().Contain("v2").And.Contain("AWSPENDING");
    }

    [Fact]
    public void An_abandoned_rotation_is_not_retried_by_the_schedule_until_the_retry_delay_passed()
    {
        var abandonedAt = LastRotation.AddDays(2);
        var abandoned = RotatedOnce with
        {
            History = [new RotationHistoryEntry { VersionId = "v2", Result = HistoryResult.RolledBack, FinishedAt = abandonedAt }, .. RotatedOnce.History!],
        };

        var soon = Decide(Daily(), abandoned, abandonedAt.AddMinutes(5));
        soon.Due.Should().BeFalse("the slot is still open but the target failed five times a moment ago");
        soon.NextRotation.Should().Be(abandonedAt + RotationTrigger.DefaultRetryAfterAbandoned);

        Decide(Daily(), abandoned, abandonedAt + RotationTrigger.DefaultRetryAfterAbandoned + TimeSpan.FromSeconds(1)).Due.Should().BeTrue();
        Decide(Daily(), abandoned, abandonedAt.AddMinutes(5), rotateNow: "again").Due.Should().BeTrue("an explicit request does not wait");
    }

    [Fact]
    public void A_secret_without_any_recorded_change_counts_its_schedule_from_the_resource_creation()
    {
        var first = Decide(Daily(), status: null, LastRotation.AddHours(1));
        var later = Decide(Daily(), status: null, LastRotation.AddHours(2));

        first.NextRotation.Should().NotBeNull();
        later.NextRotation.Should().Be(first.NextRotation, "a next slot that moves with the clock would rewrite the status every refresh");
    }

    private static RotationSpec Daily() => new() { Strategy = RotationStrategy.RandomValue, Schedule = "rate(1 day)" };

    private static TriggerDecision Decide(RotationSpec rotation, RotatingSecretStatus? status, DateTimeOffset now, DateTimeOffset? lastChange = null, string? rotateNow = null)
    {
        var annotations = rotateNow is null ? null : new Dictionary<string, string> { [RequestAnnotations.RotateNow] = rotateNow };
        var resource = Specimens.Resource(rotation, status, annotations);
        return RotationTrigger.Decide(resource, SpecResolver.Resolve(resource, Specimens.DefaultRefresh), lastChange, now);
    }
}
