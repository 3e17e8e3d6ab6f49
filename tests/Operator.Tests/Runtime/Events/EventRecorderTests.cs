using System.Text;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Runtime.Events;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.Runtime.Events;

/// <summary>The event recorder against the real events.k8s.io/v1 API: aggregation into series, and notes the API accepts.</summary>
public sealed class EventRecorderTests(TestbedFixture testbed) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string ns = TestClients.UniqueName("events");
    private readonly CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private KubernetesApi admin = null!;
    private EventRecorder recorder = null!;
    private Task running = Task.CompletedTask;

    private V1ObjectReference Subject => new() { ApiVersion = "v1", Kind = "ConfigMap", NamespaceProperty = ns, Name = "subject" };

    public async ValueTask InitializeAsync()
    {
        admin = TestClients.Admin(testbed.Kube);
        await admin.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, TestContext.Current.CancellationToken);
        recorder = new EventRecorder(
            admin.For(ResourceTypes.Events),
            new EventRecorderOptions { ReportingInstance = "event-recorder-tests", SeriesUpdateInterval = TimeSpan.FromMilliseconds(300) },
            TimeProvider.System,
            new TestOutputLogger("events"));
        running = recorder.RunAsync(stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await running;
        stop.Dispose();
        await admin.For(ResourceTypes.Namespaces).DeleteAsync(null, ns, CancellationToken.None);
        admin.Dispose();
    }

    [Fact]
    public async Task Fifty_repeats_fold_into_one_event_whose_series_counts_them_and_another_reason_is_another_event()
    {
        for (var i = 0; i < 50; i++)
        {
            recorder.Record(Subject, EventType.Warning, "RotationFailed", "SetSecret", "the database refused the new password");
        }

        await Eventually.HoldsAsync(
            async () => (await EventsAsync()).SingleOrDefault(e => e.Reason == "RotationFailed")?.Series?.Count == 50,
            Patience,
            "the series of the repeated event reaches 50 once flushed");
        var repeated = (await EventsAsync()).Should().ContainSingle("repeats are one Event object, not fifty").Subject;
        repeated.Type.Should().Be("Warning");
        repeated.Regarding!.Name.Should().Be("subject");
        repeated.ReportingInstance.Should().Be("event-recorder-tests");
        repeated.Series!.LastObservedTime.Should().BeOnOrAfter(repeated.EventTime!.Value);

        recorder.Record(Subject, EventType.Normal, "RotationSucceeded", "FinishSecret", "AWSCURRENT moved to the new version");

        await Eventually.HoldsAsync(async () => (await EventsAsync()).Count == 2, Patience, "a different reason makes a second Event");
        var events = await EventsAsync();
        events.Single(e => e.Reason == "RotationSucceeded").Series.Should().BeNull("it happened once");
        events.Single(e => e.Reason == "RotationFailed").Series!.Count.Should().Be(50);
    }

    [Fact]
    public async Task A_long_note_is_cut_to_one_kilobyte_with_an_ellipsis()
    {
        recorder.Record(Subject, EventType.Warning, "LongNote", "Test", new string('x', 3000));

        await Eventually.HoldsAsync(async () => (await EventsAsync()).Any(e => e.Reason == "LongNote"), Patience, "the event is written");
        var note = (await EventsAsync()).Single(e => e.Reason == "LongNote").Note!;
        note.Length.Should().Be(1024);
        note.Should().EndWith("...").And.StartWith("xxxx");
    }

    [Fact]
    public async Task A_long_note_in_a_multi_byte_script_is_cut_to_one_kilobyte_of_utf8_which_is_what_the_api_counts()
    {
        // 2 bytes per 'é', 4 per '🔑': 1024 characters would be 2 to 4 kB, and the API server counts bytes.
        var originals = new Dictionary<string, string>
        {
            ["LongAccentedNote"] = new string('é', 3000),
            ["LongEmojiNote"] = string.Concat(Enumerable.Repeat("🔑", 1000)),
        };
        foreach (var (reason, note) in originals)
        {
            recorder.Record(Subject, EventType.Warning, reason, "Test", note);
        }

        await Eventually.HoldsAsync(async () => (await EventsAsync()).Count == 2, Patience, "both events are accepted");
        foreach (var @event in await EventsAsync())
        {
            var note = @event.Note!;
            Encoding.UTF8.GetByteCount(note).Should().BeInRange(1000, 1024, $"{@event.Reason}'s note fills but does not exceed the API's limit");
            note.Should().EndWith("...");
            originals[@event.Reason!].Should().StartWith(note[..^3], "the note is a prefix of what was recorded, no character cut in half");
        }
    }

    private async Task<IReadOnlyList<Eventsv1Event>> EventsAsync() =>
        [.. (await admin.For(ResourceTypes.Events).ListAsync(ns, null, TestContext.Current.CancellationToken)).Items];
}
