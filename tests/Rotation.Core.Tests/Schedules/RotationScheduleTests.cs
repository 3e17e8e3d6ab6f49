using FluentAssertions;
using Rotator.Rotation.Schedules;

namespace Rotator.Rotation.Tests.Schedules;

public sealed class RotationScheduleTests
{
    private static readonly DateTimeOffset NewYear = DateTimeOffset.Parse("2025-01-01T00:00:00Z");

    [Theory]
    [InlineData("rate(1 day)", 1440)]
    [InlineData("rate(30 days)", 30 * 1440)]
    [InlineData("rate(1 hour)", 60)]
    [InlineData("rate(4 hours)", 240)]
    [InlineData("rate(1 minute)", 1)]
    [InlineData("rate(90 minutes)", 90)]
    [InlineData(" rate(1000 days) ", 1000 * 1440)]
    public void Rate_expressions(string expression, int minutes) =>
        RotationSchedule.Parse(expression).Rate!.Interval.Should().Be(TimeSpan.FromMinutes(minutes));

    [Theory]
    [InlineData("rate(1 days)", "singular")]
    [InlineData("rate(2 day)", "plural")]
    [InlineData("rate(0 days)", "at least 1")]
    [InlineData("rate(1001 days)", "at most 1000 days")]
    [InlineData("rate(99999999999999999999 minutes)", "at least 1")]
    [InlineData("rate(5 weeks)", "not of the form")]
    [InlineData("rate(5  days)", "not of the form")]
    [InlineData("rate(-1 days)", "not of the form")]
    [InlineData("rate(1.5 days)", "not of the form")]
    public void Invalid_rates_are_rejected(string expression, string message)
    {
        var parse = () => RotationSchedule.Parse(expression);

        var error = parse.Should().Throw<ScheduleFormatException>().Which;
        error.Field.Should().Be("rate");
        error.Message.Should().Contain(message);
    }

    [Theory]
    [InlineData("2h", 120)]
    [InlineData("30m", 30)]
    [InlineData("1h30m", 90)]
    [InlineData("24h", 1440)]
    public void Windows(string window, int minutes) =>
        RotationSchedule.Parse("rate(1 day)", window).Window.Should().Be(TimeSpan.FromMinutes(minutes));

    [Theory]
    [InlineData("2")]
    [InlineData("h")]
    [InlineData("")]
    [InlineData("0h")]
    [InlineData("0h0m")]
    [InlineData("2d")]
    [InlineData("30m2h")]
    [InlineData("99999999999999999999h")]
    public void Invalid_windows_are_rejected(string window)
    {
        var parse = () => RotationSchedule.Parse("rate(1 day)", window);

        parse.Should().Throw<ScheduleFormatException>().Which.Field.Should().Be("window");
    }

    [Fact]
    public void Neither_rate_nor_cron_is_rejected()
    {
        var parse = () => RotationSchedule.Parse("every day");

        parse.Should().Throw<ScheduleFormatException>().Which.Message.Should().Contain("neither rate(...) nor cron(...)");
    }

    [Fact]
    public void A_rate_slot_comes_one_interval_after_the_last_rotation()
    {
        var schedule = RotationSchedule.Parse("rate(1 day)");

        var early = schedule.Evaluate(NewYear, NewYear.AddHours(23).AddMinutes(59));
        early.IsDue.Should().BeFalse();
        early.NextSlot.Should().Be(NewYear.AddDays(1));

        var onTime = schedule.Evaluate(NewYear, NewYear.AddDays(1));
        onTime.IsDue.Should().BeTrue();
        onTime.DueSlot.Should().Be(NewYear.AddDays(1));
        onTime.WindowCloses.Should().BeNull();
        onTime.NextSlot.Should().Be(NewYear.AddDays(2));
    }

    [Fact]
    public void Without_a_window_a_missed_slot_stays_due_until_the_rotation_happens()
    {
        var rate = RotationSchedule.Parse("rate(1 day)").Evaluate(NewYear, NewYear.AddDays(4).AddHours(5));
        rate.IsDue.Should().BeTrue();
        rate.DueSlot.Should().Be(NewYear.AddDays(4));

        var cron = RotationSchedule.Parse("cron(0 3 * * ? *)").Evaluate(NewYear.AddHours(3), NewYear.AddDays(1).AddHours(22));
        cron.IsDue.Should().BeTrue();
        cron.DueSlot.Should().Be(NewYear.AddDays(1).AddHours(3));
        cron.NextSlot.Should().Be(NewYear.AddDays(2).AddHours(3));
    }

    [Fact]
    public void With_a_window_a_missed_slot_may_start_only_until_the_window_closes()
    {
        var schedule = RotationSchedule.Parse("cron(0 3 * * ? *)", "1h");
        var last = NewYear.AddHours(3).AddMinutes(10);
        var slot = NewYear.AddDays(1).AddHours(3);

        var inside = schedule.Evaluate(last, slot.AddMinutes(30));
        inside.IsDue.Should().BeTrue();
        inside.DueSlot.Should().Be(slot);
        inside.WindowCloses.Should().Be(slot.AddHours(1));

        var closed = schedule.Evaluate(last, slot.AddHours(1));
        closed.IsDue.Should().BeFalse();
        closed.MissedSlot.Should().Be(slot);
        closed.NextSlot.Should().Be(slot.AddDays(1));

        var nextDay = schedule.Evaluate(last, slot.AddDays(1).AddMinutes(59));
        nextDay.IsDue.Should().BeTrue();
        nextDay.DueSlot.Should().Be(slot.AddDays(1));
    }

    [Fact]
    public void A_rate_window_counts_from_each_slot()
    {
        var schedule = RotationSchedule.Parse("rate(1 day)", "2h");

        schedule.Evaluate(NewYear, NewYear.AddDays(3).AddHours(1)).IsDue.Should().BeTrue();
        var missed = schedule.Evaluate(NewYear, NewYear.AddDays(3).AddHours(2));
        missed.IsDue.Should().BeFalse();
        missed.MissedSlot.Should().Be(NewYear.AddDays(3));
        missed.NextSlot.Should().Be(NewYear.AddDays(4));
    }

    [Fact]
    public void A_slot_at_or_before_the_last_rotation_is_served()
    {
        var schedule = RotationSchedule.Parse("cron(0 3 * * ? *)");
        var slot = NewYear.AddHours(3);

        schedule.Evaluate(slot, slot.AddHours(5)).IsDue.Should().BeFalse();
        schedule.Evaluate(slot.AddMinutes(1), slot.AddHours(5)).IsDue.Should().BeFalse();
        schedule.Evaluate(slot.AddMinutes(-1), slot.AddHours(5)).IsDue.Should().BeTrue();
    }

    [Fact]
    public void A_schedule_past_its_last_year_is_never_due_and_has_no_next_slot()
    {
        var decision = RotationSchedule.Parse("cron(0 0 1 1 ? 2020)").Evaluate(NewYear, NewYear.AddDays(10));

        decision.IsDue.Should().BeFalse();
        decision.NextSlot.Should().BeNull();
    }

    [Fact]
    public void The_clock_is_injectable()
    {
        var clock = new FakeTimeProvider(NewYear.AddDays(30).AddMinutes(1));
        var schedule = RotationSchedule.Parse("rate(30 days)");

        schedule.Evaluate(NewYear, clock).DueSlot.Should().Be(NewYear.AddDays(30));
        schedule.NextOccurrence(NewYear, clock).Should().Be(NewYear.AddDays(60));
        clock.Advance(TimeSpan.FromDays(30));
        schedule.NextOccurrence(NewYear, clock).Should().Be(NewYear.AddDays(90));
        RotationSchedule.Parse("cron(0 12 L * ? *)").NextOccurrence(NewYear, clock).Should().Be(DateTimeOffset.Parse("2025-03-31T12:00:00Z"));
    }
}
