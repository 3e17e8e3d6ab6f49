using FluentAssertions;
using Rotator.Operator.Metrics;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>The text exposition format 0.0.4 as our registry writes it, checked line by line and by parsing it back.</summary>
public sealed class MetricsRegistryTests
{
    private readonly MetricsRegistry registry = new();

    [Fact]
    public void Writes_help_type_and_one_line_per_label_set_sorted()
    {
        var calls = registry.AddCounter("test_calls_total", "Calls made.", "service", "outcome");
        calls.WithLabels("sts", "success").Inc();
        calls.WithLabels("secretsmanager", "success").Inc(2);
        calls.WithLabels("sts", "success").Inc();

        registry.Render().Should().Be(
            "# HELP test_calls_total Calls made.\n" +
            "# TYPE test_calls_total counter\n" +
            "test_calls_total{service=\"secretsmanager\",outcome=\"success\"} 2\n" +
            "test_calls_total{service=\"sts\",outcome=\"success\"} 2\n");
        MetricsRegistry.ContentType.Should().Be("text/plain; version=0.0.4; charset=utf-8");
    }

    [Fact]
    public void Escapes_backslash_quote_and_newline_in_label_values_and_backslash_and_newline_in_help()
    {
        var gauge = registry.AddGauge("test_escapes", "A \\ in \"help\"\nover two lines.", "value");
        const string Nasty = "C:\\dir \"quoted\"\nnext line";
        gauge.WithLabels(Nasty).Set(1);

        var text = registry.Render();

        text.Should().Contain("# HELP test_escapes A \\\\ in \"help\"\\nover two lines.\n", "HELP escapes only backslash and newline");
        text.Should().Contain("test_escapes{value=\"C:\\\\dir \\\"quoted\\\"\\nnext line\"} 1\n");
        text.Split('\n').Should().HaveCount(4, "no raw newline leaks into a line");
        var parsed = ExpositionParser.Parse(text);
        parsed.Samples.Single().Labels["value"].Should().Be(Nasty);
        parsed.Help["test_escapes"].Should().Be("A \\ in \"help\"\nover two lines.");
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_with_inf_sum_and_count()
    {
        var histogram = registry.AddHistogram("test_duration_seconds", "Durations.", [0.1, 1, 10], "step").WithLabels("verify");
        foreach (var value in new[] { 0.05, 0.1, 0.5, 0.5, 5, 100 })
        {
            histogram.Observe(value);
        }

        registry.Render().Should().Be(
            "# HELP test_duration_seconds Durations.\n" +
            "# TYPE test_duration_seconds histogram\n" +
            "test_duration_seconds_bucket{step=\"verify\",le=\"0.1\"} 2\n" +
            "test_duration_seconds_bucket{step=\"verify\",le=\"1\"} 4\n" +
            "test_duration_seconds_bucket{step=\"verify\",le=\"10\"} 5\n" +
            "test_duration_seconds_bucket{step=\"verify\",le=\"+Inf\"} 6\n" +
            "test_duration_seconds_sum{step=\"verify\"} 106.15\n" +
            "test_duration_seconds_count{step=\"verify\"} 6\n");
        histogram.Count.Should().Be(6);
    }

    [Fact]
    public void Unlabelled_histogram_observes_durations_in_seconds()
    {
        var histogram = registry.AddHistogram("test_wait_seconds", "Waits.", [1, 2]).WithLabels();
        histogram.Observe(TimeSpan.FromMilliseconds(1500));

        var parsed = ExpositionParser.Parse(registry.Render());

        parsed.Value("test_wait_seconds_bucket", ("le", "1")).Should().Be(0);
        parsed.Value("test_wait_seconds_bucket", ("le", "2")).Should().Be(1);
        parsed.Value("test_wait_seconds_sum").Should().Be(1.5);
        parsed.Value("test_wait_seconds_count").Should().Be(1);
    }

    [Fact]
    public void Numbers_are_invariant_round_trip_and_go_style_for_infinities_and_nan()
    {
        var gauge = registry.AddGauge("test_numbers", "Numbers.", "case");
        gauge.WithLabels("fraction").Set(1234.5);
        gauge.WithLabels("tiny").Set(1e-7);
        gauge.WithLabels("third").Set(1.0 / 3);
        gauge.WithLabels("big").Set(1_700_000_000.25);
        gauge.WithLabels("inf").Set(double.PositiveInfinity);
        gauge.WithLabels("minus_inf").Set(double.NegativeInfinity);
        gauge.WithLabels("nan").Set(double.NaN);

        var text = registry.Render();

        text.Should().Contain("{case=\"fraction\"} 1234.5\n").And.Contain("{case=\"big\"} 1700000000.25\n")
            .And.Contain("{case=\"inf\"} +Inf\n").And.Contain("{case=\"minus_inf\"} -Inf\n").And.Contain("{case=\"nan\"} NaN\n");
        var parsed = ExpositionParser.Parse(text);
        parsed.Value("test_numbers", ("case", "tiny")).Should().Be(1e-7);
        parsed.Value("test_numbers", ("case", "third")).Should().Be(1.0 / 3, "the shortest round-trip form loses nothing");
    }

    [Fact]
    public void Removing_a_label_set_drops_its_sample_and_a_family_without_samples_is_not_written()
    {
        var age = registry.AddGauge("test_age_seconds", "Age.", "namespace", "name");
        age.WithLabels("team-a", "db").Set(10);
        age.WithLabels("team-a", "api").Set(20);

        age.Remove("team-a", "db").Should().BeTrue();
        age.Remove("team-a", "db").Should().BeFalse("it is gone already");

        var parsed = ExpositionParser.Parse(registry.Render());
        parsed.Named("test_age_seconds").Should().ContainSingle().Which.Labels["name"].Should().Be("api");
        age.Remove("team-a", "api");
        registry.Render().Should().BeEmpty();
    }

    [Fact]
    public void The_same_label_values_give_the_same_child()
    {
        var counter = registry.AddCounter("test_same_total", "Same.", "a");

        counter.WithLabels("x").Should().BeSameAs(counter.WithLabels(new string(['x'])));
        counter.Contains("x").Should().BeTrue();
        counter.Contains("y").Should().BeFalse();
    }

    [Fact]
    public void Callbacks_are_read_at_every_scrape_and_collectors_run_before_writing()
    {
        var reads = 0;
        registry.AddCallback("test_reads_total", "Reads.", MetricType.Counter, () => ++reads);
        var stamped = registry.AddGauge("test_stamp", "Stamp.");
        registry.AddCollector(() => stamped.WithLabels().Set(reads * 10));

        registry.Render();
        var parsed = ExpositionParser.Parse(registry.Render());

        parsed.Value("test_reads_total").Should().Be(2);
        parsed.Value("test_stamp").Should().Be(10, "the collector ran before the second read");
        parsed.Types["test_reads_total"].Should().Be("counter");
    }

    [Fact]
    public void Refuses_misuse()
    {
        var counter = registry.AddCounter("test_refusals_total", "Refusals.", "a", "b");

        FluentActions.Invoking(() => counter.WithLabels("only one")).Should().Throw<ArgumentException>().WithMessage("*takes 2 label values*");
        FluentActions.Invoking(() => counter.WithLabels("a", null!)).Should().Throw<ArgumentNullException>();
        FluentActions.Invoking(() => counter.WithLabels("a", "b").Inc(-1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => registry.AddGauge("test_refusals_total", "Again.")).Should().Throw<ArgumentException>().WithMessage("*registered already*");
        FluentActions.Invoking(() => registry.AddGauge("1bad", "Bad.")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => registry.AddGauge("test_bad_label", "Bad.", "__reserved")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => registry.AddGauge("test_dup_label", "Bad.", "a", "a")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => registry.AddHistogram("test_le", "Bad.", [1], "le")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => registry.AddHistogram("test_unsorted", "Bad.", [2, 1])).Should().Throw<ArgumentException>();
    }
}
