using System.Text.RegularExpressions;
using FluentAssertions;
using Rotator.Api;

namespace Rotator.Operator.Tests.Resources;

/// <summary>Durations in spec fields read as Go's <c>time.ParseDuration</c> reads them, within what the CRD pattern admits.</summary>
public sealed class KubeDurationTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m500ms", 60_500)]
    [InlineData("5m", 300_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2h0m0s", 7_200_000)]
    [InlineData("30m30m", 3_600_000)]
    [InlineData("0.5s", 500)]
    public void Go_style_durations_parse(string text, long milliseconds)
    {
        KubeDuration.Parse(text).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("90")]
    [InlineData("s")]
    [InlineData("1d")]
    [InlineData("1 h")]
    [InlineData(" 5m")]
    [InlineData("-5m")]
    [InlineData("+5m")]
    [InlineData(".5h")]
    [InlineData("5M")]
    [InlineData("1us")]
    [InlineData("00:05:00")]
    [InlineData("0s")]
    [InlineData("0h0m")]
    [InlineData("99999999999999999999h")]
    public void Anything_else_is_not_a_duration(string? text)
    {
        KubeDuration.Parse(text).Should().BeNull();
    }

    [Theory]
    [InlineData("90s")]
    [InlineData("1h30m")]
    [InlineData("500ms")]
    [InlineData("1d")]
    [InlineData("-5m")]
    public void The_parser_accepts_exactly_what_the_crd_pattern_admits_apart_from_zero(string text)
    {
        var admitted = Regex.IsMatch(text, SchemaPatterns.Duration);

        (KubeDuration.Parse(text) is not null).Should().Be(admitted);
    }
}
