using FluentAssertions;
using Rotator.Rotation.Schedules;

namespace Rotator.Rotation.Tests.Schedules;

public sealed class CronExpressionTests
{
    [Theory]
    [InlineData("cron(0 10 * * ? *)", "2025-03-01T09:59:00Z", "2025-03-01T10:00:00Z")]
    [InlineData("cron(0 10 * * ? *)", "2025-03-01T10:00:00Z", "2025-03-02T10:00:00Z")]
    [InlineData("cron(0 10 * * ? *)", "2025-12-31T10:00:00Z", "2026-01-01T10:00:00Z")]
    [InlineData("cron(0/15 * * * ? *)", "2025-03-01T10:07:30Z", "2025-03-01T10:15:00Z")]
    [InlineData("cron(0/15 * * * ? *)", "2025-03-01T23:59:00Z", "2025-03-02T00:00:00Z")]
    [InlineData("cron(5,35 0-2 * * ? *)", "2025-03-01T02:35:00Z", "2025-03-02T00:05:00Z")]
    [InlineData("cron(0 0/6 * * ? *)", "2025-03-01T06:00:00Z", "2025-03-01T12:00:00Z")]
    [InlineData("cron(0 8-18/5 * * ? *)", "2025-03-01T13:00:00Z", "2025-03-01T18:00:00Z")]
    [InlineData("cron(30 2 1 * ? *)", "2025-01-15T00:00:00Z", "2025-02-01T02:30:00Z")]
    [InlineData("cron(0 16 1,15 * ? *)", "2025-01-01T16:00:00Z", "2025-01-15T16:00:00Z")]
    [InlineData("cron(0 0 1 JAN,jul ? *)", "2025-01-01T00:00:00Z", "2025-07-01T00:00:00Z")]
    [InlineData("cron(0 0 1 */5 ? *)", "2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z")]
    [InlineData("cron(0 9 ? * MON-FRI *)", "2025-01-03T10:00:00Z", "2025-01-06T09:00:00Z")]
    [InlineData("cron(0 0 ? * 1 *)", "2025-01-01T00:00:00Z", "2025-01-05T00:00:00Z")]
    [InlineData("cron(0 0 ? * SUN,7 *)", "2025-01-01T00:00:00Z", "2025-01-04T00:00:00Z")]
    [InlineData("cron(0 0 31 * ? *)", "2025-04-01T00:00:00Z", "2025-05-31T00:00:00Z")]
    [InlineData("cron(0 0 1 1 ? 2030)", "2025-06-01T00:00:00Z", "2030-01-01T00:00:00Z")]
    [InlineData("cron(0 0 1 1 ? 2026-2028/2)", "2026-01-01T00:00:00Z", "2028-01-01T00:00:00Z")]
    public void Next_occurrence(string expression, string after, string expected) =>
        CronExpression.Parse(expression).Next(DateTimeOffset.Parse(after)).Should().Be(DateTimeOffset.Parse(expected));

    [Theory]
    [InlineData("2024-02-01T00:00:00Z", "2024-02-29T00:00:00Z")] // leap year
    [InlineData("2023-02-01T00:00:00Z", "2023-02-28T00:00:00Z")]
    [InlineData("2100-02-01T00:00:00Z", "2100-02-28T00:00:00Z")] // divisible by 100, not by 400: no leap day
    [InlineData("2000-02-01T00:00:00Z", "2000-02-29T00:00:00Z")] // divisible by 400: leap day
    [InlineData("2024-04-01T00:00:00Z", "2024-04-30T00:00:00Z")]
    [InlineData("2024-12-31T00:00:00Z", "2025-01-31T00:00:00Z")]
    public void L_is_the_last_day_of_the_month(string after, string expected) =>
        CronExpression.Parse("cron(0 0 L * ? *)").Next(DateTimeOffset.Parse(after)).Should().Be(DateTimeOffset.Parse(expected));

    [Theory]
    [InlineData("cron(0 0 LW * ? *)", "2025-08-01T00:00:00Z", "2025-08-29T00:00:00Z")] // the 31st is a Sunday
    [InlineData("cron(0 0 LW * ? *)", "2025-01-01T00:00:00Z", "2025-01-31T00:00:00Z")] // the 31st is a Friday
    [InlineData("cron(0 0 LW * ? *)", "2025-05-01T00:00:00Z", "2025-05-30T00:00:00Z")] // the 31st is a Saturday
    [InlineData("cron(0 0 15W * ? *)", "2025-03-01T00:00:00Z", "2025-03-14T00:00:00Z")] // Saturday -> Friday
    [InlineData("cron(0 0 15W * ? *)", "2025-06-01T00:00:00Z", "2025-06-16T00:00:00Z")] // Sunday -> Monday
    [InlineData("cron(0 0 1W * ? *)", "2025-01-31T00:00:00Z", "2025-02-03T00:00:00Z")] // Saturday the 1st -> Monday, not into January
    [InlineData("cron(0 0 31W * ? *)", "2025-08-01T00:00:00Z", "2025-08-29T00:00:00Z")] // Sunday the 31st -> Friday, not into September
    [InlineData("cron(0 0 30W 2 ? *)", "2025-01-01T00:00:00Z", null)] // February has no 30th
    public void W_is_the_nearest_weekday_within_the_month(string expression, string after, string? expected) =>
        CronExpression.Parse(expression).Next(DateTimeOffset.Parse(after)).Should().Be(expected is null ? null : DateTimeOffset.Parse(expected));

    [Theory]
    [InlineData("cron(0 0 ? * 3#2 *)", "2025-01-01T00:00:00Z", "2025-01-14T00:00:00Z")] // second Tuesday
    [InlineData("cron(0 0 ? * TUE#2 *)", "2025-01-14T00:00:00Z", "2025-02-11T00:00:00Z")]
    [InlineData("cron(0 0 ? * 6#5 *)", "2025-02-01T00:00:00Z", "2025-05-30T00:00:00Z")] // fifth Friday: Feb-Apr have none
    [InlineData("cron(0 0 ? * 6L *)", "2025-01-01T00:00:00Z", "2025-01-31T00:00:00Z")] // last Friday
    [InlineData("cron(0 0 ? * FRIL *)", "2025-02-01T00:00:00Z", "2025-02-28T00:00:00Z")]
    [InlineData("cron(0 0 ? * L *)", "2025-01-01T00:00:00Z", "2025-01-04T00:00:00Z")] // alone: the week's last day, Saturday
    [InlineData("cron(0 0 ? * 5#1,6L *)", "2025-01-03T00:00:00Z", "2025-01-31T00:00:00Z")]
    public void Hash_and_L_in_day_of_week(string expression, string after, string expected) =>
        CronExpression.Parse(expression).Next(DateTimeOffset.Parse(after)).Should().Be(DateTimeOffset.Parse(expected));

    [Theory]
    [InlineData("2025-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z")] // skips 2100
    [InlineData("2196-03-01T00:00:00Z", null)] // the year field ends at 2199
    public void The_29th_of_February_waits_for_a_leap_year(string after, string? expected) =>
        CronExpression.Parse("cron(0 0 29 FEB ? *)").Next(DateTimeOffset.Parse(after))
            .Should().Be(expected is null ? null : DateTimeOffset.Parse(expected));

    [Fact]
    public void A_schedule_that_never_fires_has_no_next_occurrence()
    {
        CronExpression.Parse("cron(0 0 30 2 ? *)").Next(DateTimeOffset.Parse("2025-01-01T00:00:00Z")).Should().BeNull();
        CronExpression.Parse("cron(0 0 1 1 ? 2020)").Next(DateTimeOffset.Parse("2025-01-01T00:00:00Z")).Should().BeNull();
    }

    [Theory]
    [InlineData("cron(0 10 * * ? *)", "2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z")]
    [InlineData("cron(0 10 * * ? *)", "2025-03-01T09:59:59Z", "2025-02-28T10:00:00Z")]
    [InlineData("cron(0 10 * * ? *)", "2025-01-01T09:00:00Z", "2024-12-31T10:00:00Z")]
    [InlineData("cron(0 0 L * ? *)", "2024-03-15T00:00:00Z", "2024-02-29T00:00:00Z")]
    [InlineData("cron(0 0 29 2 ? *)", "2027-06-01T00:00:00Z", "2024-02-29T00:00:00Z")]
    [InlineData("cron(0 9 ? * MON-FRI *)", "2025-01-06T08:00:00Z", "2025-01-03T09:00:00Z")]
    [InlineData("cron(0 0 1 1 ? 2030)", "2029-01-01T00:00:00Z", null)]
    public void Previous_occurrence(string expression, string atOrBefore, string? expected) =>
        CronExpression.Parse(expression).Previous(DateTimeOffset.Parse(atOrBefore)).Should().Be(expected is null ? null : DateTimeOffset.Parse(expected));

    [Theory]
    [InlineData("cron(*/7 */5 * * ? *)")]
    [InlineData("cron(0 0 LW * ? *)")]
    [InlineData("cron(15 3 ? * 2#3,6L *)")]
    [InlineData("cron(0 12 15W 1-6 ? *)")]
    [InlineData("cron(0 0 29 2 ? *)")]
    [InlineData("cron(45 23 L DEC ? *)")]
    public void Next_and_previous_agree_and_skip_nothing(string expression)
    {
        // Walking forward and walking back are separate searches; each occurrence one finds, the other must
        // find too, with nothing in between.
        var cron = CronExpression.Parse(expression);
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var t = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.Next(0, 60 * 24 * 366 * 40)).AddSeconds(random.Next(60));
            var next = cron.Next(t)!.Value;
            next.Should().BeAfter(t);
            next.Second.Should().Be(0);
            cron.Previous(next).Should().Be(next);
            var before = cron.Previous(next.AddMinutes(-1));
            before.Should().NotBeNull().And.BeOnOrBefore(t);
            cron.Next(before!.Value).Should().Be(next);
        }
    }

    [Fact]
    public void Offsets_are_read_as_the_instant_they_name()
    {
        var cron = CronExpression.Parse("cron(0 10 * * ? *)");

        // 11:30 at +02:00 is 09:30 UTC: the 10:00 UTC slot of the same day is still ahead.
        cron.Next(DateTimeOffset.Parse("2025-03-01T11:30:00+02:00")).Should().Be(DateTimeOffset.Parse("2025-03-01T10:00:00Z"));
    }

    [Theory]
    [InlineData("0 10 * * ? *", "expression", "not of the form cron(")]
    [InlineData("cron(0 10 * * ?)", "expression", "needs 6 fields")]
    [InlineData("cron(0 10 * * ? * *)", "expression", "has 7")]
    [InlineData("cron(60 10 * * ? *)", "minutes", "cron field 'minutes': '60': 60 is out of range 0-59")]
    [InlineData("cron(0 24 * * ? *)", "hours", "cron field 'hours'")]
    [InlineData("cron(0 0 32 * ? *)", "day-of-month", "cron field 'day-of-month': '32': 32 is out of range 1-31")]
    [InlineData("cron(0 0 0 * ? *)", "day-of-month", "out of range 1-31")]
    [InlineData("cron(0 0 ? 13 MON *)", "month", "cron field 'month': '13': 13 is out of range 1-12 (JAN-DEC)")]
    [InlineData("cron(0 0 ? FOO MON *)", "month", "'FOO' is not a number 1-12 or JAN-DEC")]
    [InlineData("cron(0 0 ? * 8 *)", "day-of-week", "cron field 'day-of-week': '8': 8 is out of range 1-7 (SUN-SAT)")]
    [InlineData("cron(0 0 ? * 0 *)", "day-of-week", "out of range 1-7")]
    [InlineData("cron(0 0 ? * MON#6 *)", "day-of-week", "the number after '#' must be 1 to 5")]
    [InlineData("cron(0 0 ? * MONDAY *)", "day-of-week", "not a number 1-7 or SUN-SAT")]
    [InlineData("cron(0 0 1 * ? 1969)", "year", "cron field 'year'")]
    [InlineData("cron(0 0 1 * ? 2200)", "year", "out of range 1970-2199")]
    [InlineData("cron(0/0 0 1 * ? *)", "minutes", "step after '/'")]
    [InlineData("cron(0 10-5 1 * ? *)", "hours", "runs backwards")]
    [InlineData("cron(0 0 1,,2 * ? *)", "day-of-month", "empty list element")]
    [InlineData("cron(? 0 1 * ? *)", "minutes", "only allowed in day-of-month and day-of-week")]
    [InlineData("cron(0 0 1 * 1 *)", "day-of-week", "one of them must be '?'")]
    [InlineData("cron(0 0 * * * *)", "day-of-week", "one of them must be '?'")]
    [InlineData("cron(0 0 ? * ? *)", "day-of-week", "only one of them may be '?'")]
    [InlineData("cron(0 0 W * ? *)", "day-of-month", "'W' is not a number")]
    [InlineData("cron(0 0 1/2/3 * ? *)", "day-of-month", "more than one '/'")]
    [InlineData("cron(0 0 1,? * ? *)", "day-of-month", "'?' must stand alone")]
    public void Invalid_expressions_name_the_bad_field(string expression, string field, string message)
    {
        var parse = () => CronExpression.Parse(expression);

        var error = parse.Should().Throw<ScheduleFormatException>().Which;
        error.Field.Should().Be(field);
        error.Message.Should().Contain(message);
    }
}
