using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.RotatingSecrets;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary>
/// Condition bookkeeping decides whether a reconcile writes the status at all: an unchanged condition
/// must come out identical, or every refresh becomes a write.
/// </summary>
public sealed class ConditionsTests
{
    private static readonly DateTimeOffset Earlier = new(2025, 3, 1, 4, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Later = new DateTimeOffset(2025, 3, 1, 4, 5, 7, TimeSpan.Zero).AddTicks(1_234_567);

    [Fact]
    public void Setting_a_new_type_appends_it_with_the_time_truncated_to_the_second()
    {
        var conditions = Conditions.Set(null, ConditionTypes.Ready, Conditions.True, StatusReasons.Mirrored, "Secret orders-db holds version v1", 3, Later);

        conditions.Should().ContainSingle().Which.Should().Be(new Condition
        {
            Type = ConditionTypes.Ready,
            Status = Conditions.True,
            Reason = StatusReasons.Mirrored,
            Message = "Secret orders-db holds version v1",
            ObservedGeneration = 3,
            LastTransitionTime = new DateTimeOffset(2025, 3, 1, 4, 5, 7, TimeSpan.Zero),
        });
    }

    [Fact]
    public void Setting_an_existing_type_replaces_it_in_place_and_keeps_the_others()
    {
        var three = Ready(Conditions.True, Earlier);
        three = Conditions.Set(three, ConditionTypes.Rotating, Conditions.False, StatusReasons.Idle, "not due", 3, Earlier);
        three = Conditions.Set(three, ConditionTypes.RolloutComplete, Conditions.True, StatusReasons.NoRestartNeeded, "none", 3, Earlier);

        var updated = Conditions.Set(three, ConditionTypes.Rotating, Conditions.True, StatusReasons.RotationStarted, "rotation v2", 4, Later);

        updated.Select(c => c.Type).Should().Equal(ConditionTypes.Ready, ConditionTypes.Rotating, ConditionTypes.RolloutComplete);
        updated[0].Should().Be(three[0]);
        updated[2].Should().Be(three[2]);
        updated[1].Reason.Should().Be(StatusReasons.RotationStarted);
        updated[1].ObservedGeneration.Should().Be(4);
        three[1].Reason.Should().Be(StatusReasons.Idle, "the input list is not modified");
    }

    [Fact]
    public void The_transition_time_stays_while_the_status_stays_even_if_reason_and_message_change()
    {
        var before = Ready(Conditions.False, Earlier, StatusReasons.AwsError, "throttled");

        var after = Conditions.Set(before, ConditionTypes.Ready, Conditions.False, StatusReasons.SecretNotFound, "gone", 3, Later);

        after[0].LastTransitionTime.Should().Be(Earlier);
        after[0].Reason.Should().Be(StatusReasons.SecretNotFound);
        after[0].Message.Should().Be("gone");
    }

    [Fact]
    public void The_transition_time_moves_when_the_status_flips()
    {
        var before = Ready(Conditions.False, Earlier);

        var after = Conditions.Set(before, ConditionTypes.Ready, Conditions.True, StatusReasons.Mirrored, "ok", 3, Later);

        after[0].LastTransitionTime.Should().Be(Conditions.Truncate(Later));
    }

    [Fact]
    public void Setting_the_same_condition_again_later_in_the_same_state_changes_nothing()
    {
        var first = Ready(Conditions.True, Later);

        var again = Conditions.Set(first, ConditionTypes.Ready, Conditions.True, StatusReasons.Mirrored, "ok", 3, Later.AddMinutes(5));

        again.Should().Equal(first);
    }

    [Fact]
    public void Truncation_keeps_the_instant_and_reports_it_in_utc()
    {
        // 12:34:56.789 at +02:00 is 10:34:56.789 UTC; Kubernetes stores it as 10:34:56Z.
        var local = new DateTimeOffset(2025, 3, 1, 12, 34, 56, 789, TimeSpan.FromHours(2));

        var truncated = Conditions.Truncate(local);

        truncated.Should().Be(new DateTimeOffset(2025, 3, 1, 10, 34, 56, TimeSpan.Zero));
        truncated.Offset.Should().Be(TimeSpan.Zero);
        truncated.UtcDateTime.Should().Be(new DateTime(2025, 3, 1, 10, 34, 56, DateTimeKind.Utc));
    }

    [Fact]
    public void Truncation_of_a_whole_second_in_utc_is_the_same_time()
    {
        Conditions.Truncate(Earlier).Should().Be(Earlier);
    }

    [Fact]
    public void A_condition_set_with_a_clock_in_another_offset_records_the_right_instant()
    {
        var westOfUtc = new DateTimeOffset(2025, 3, 1, 0, 0, 0, 250, TimeSpan.FromHours(-5));

        var conditions = Conditions.Set(null, ConditionTypes.Ready, Conditions.True, StatusReasons.Mirrored, "ok", 3, westOfUtc);

        conditions[0].LastTransitionTime.UtcDateTime.Should().Be(new DateTime(2025, 3, 1, 5, 0, 0, DateTimeKind.Utc));
        conditions[0].LastTransitionTime.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void A_message_longer_than_kubernetes_allows_is_cut_and_marked()
    {
        var message = "rotation v2 failed: " + new string('x', Conditions.MaxMessageLength);

        var conditions = Conditions.Set(null, ConditionTypes.Rotating, Conditions.True, StatusReasons.RetryingRotation, message, 3, Later);

        conditions[0].Message.Should().HaveLength(Conditions.MaxMessageLength);
        conditions[0].Message.Should().StartWith("rotation v2 failed: xxx").And.EndWith("...");
    }

    [Fact]
    public void A_message_of_exactly_the_limit_is_kept_whole()
    {
        var message = new string('y', Conditions.MaxMessageLength);

        Conditions.Set(null, ConditionTypes.Ready, Conditions.False, StatusReasons.AwsError, message, 3, Later)[0].Message.Should().Be(message);
    }

    [Fact]
    public void Cutting_a_message_never_splits_a_character_outside_the_basic_plane()
    {
        // U+1F512 (a padlock) is two UTF-16 units; half of one is not valid text and the API server would refuse it.
        var message = new string('z', Conditions.MaxMessageLength - 4) + string.Concat(Enumerable.Repeat("\U0001F512", 10));

        var cut = Conditions.Set(null, ConditionTypes.Ready, Conditions.False, StatusReasons.AwsError, message, 3, Later)[0].Message;

        cut.Length.Should().BeLessThanOrEqualTo(Conditions.MaxMessageLength);
        cut.Should().EndWith("...");
        char.IsHighSurrogate(cut[^4]).Should().BeFalse("the cut must not leave half a surrogate pair before the marker");
    }

    [Fact]
    public void Find_returns_the_condition_of_a_type_or_null()
    {
        var conditions = Ready(Conditions.True, Earlier);

        Conditions.Find(conditions, ConditionTypes.Ready)!.Status.Should().Be(Conditions.True);
        Conditions.Find(conditions, ConditionTypes.Rotating).Should().BeNull();
        Conditions.Find(null, ConditionTypes.Ready).Should().BeNull();
    }

    private static IReadOnlyList<Condition> Ready(string status, DateTimeOffset at, string reason = StatusReasons.Mirrored, string message = "ok") =>
        Conditions.Set(null, ConditionTypes.Ready, status, reason, message, 3, at);
}
