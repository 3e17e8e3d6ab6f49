using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Runtime.Events;

/// <summary>
/// events.k8s.io/v1 recorder. Callers enqueue and move on; one background loop writes. A repeat of an
/// event already written folds into that Event's <c>series</c> (count, last seen) and is written at most
/// every <see cref="EventRecorderOptions.SeriesUpdateInterval"/>, so a failing rotation retried every few
/// seconds produces one Event, not thousands.
/// </summary>
public sealed class EventRecorder : IEventRecorder
{
    // The API server counts the note in bytes (Go's len), not in characters.
    private const int MaxNoteBytes = 1024;
    private readonly ResourceApi<Eventsv1Event> events;
    private readonly EventRecorderOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Channel<PendingEvent> queue;
    private readonly Dictionary<EventKey, SeriesState> series = [];

    public EventRecorder(ResourceApi<Eventsv1Event> events, EventRecorderOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.events = events;
        this.options = options;
        this.time = time;
        this.logger = logger;
        queue = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
    }

    /// <summary>Events written (created or series-updated); for tests and metrics.</summary>
    public long Writes { get; private set; }

    public void Record(V1ObjectReference regarding, EventType type, string reason, string action, string note)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        ArgumentNullException.ThrowIfNull(note);
        queue.Writer.TryWrite(new PendingEvent(new EventKey(regarding, type, reason, action, Truncate(note)), time.GetUtcNow()));
    }

    /// <summary>
    /// At most 1 kB of UTF-8, cut on a character boundary and marked with "...": a note of 1024
    /// characters in a script of 2-byte characters would make the API server refuse the whole Event.
    /// </summary>
    internal static string Truncate(string note)
    {
        if (Encoding.UTF8.GetByteCount(note) <= MaxNoteBytes)
        {
            return note;
        }

        var budget = MaxNoteBytes - 3;
        var bytes = 0;
        var chars = 0;
        foreach (var rune in note.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            bytes += rune.Utf8SequenceLength;
            chars += rune.Utf16SequenceLength;
        }

        return note[..chars] + "...";
    }

    /// <summary>Writes queued events until cancelled, then flushes pending series updates.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var flushTimer = new PeriodicTimer(options.SeriesUpdateInterval, time);
        var flushing = FlushLoopAsync(flushTimer, cancellationToken);
        try
        {
            await foreach (var pending in queue.Reader.ReadAllAsync(cancellationToken))
            {
                await WriteAsync(pending, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await flushing;
        using var last = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await FlushSeriesAsync(last.Token);
    }

    private async Task FlushLoopAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await FlushSeriesAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    private async Task WriteAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        SeriesState? state;
        lock (series)
        {
            series.TryGetValue(pending.Key, out state);
            if (state is not null && pending.At - state.FirstSeen < options.AggregationWindow)
            {
                state.Count++;
                state.LastSeen = pending.At;
                state.Dirty = true;
                if (pending.At - state.LastWritten < options.SeriesUpdateInterval)
                {
                    return;
                }
            }
            else
            {
                state = null;
            }
        }

        try
        {
            if (state is null)
            {
                await CreateAsync(pending, cancellationToken);
            }
            else
            {
                await PatchSeriesAsync(pending.Key, state, cancellationToken);
            }
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
        {
            // Events are best effort: losing one must never fail a reconcile.
            logger.LogWarning("Could not write event {Reason} for {Kind} {Namespace}/{Name}: {Error}",
                pending.Key.Reason, pending.Key.Regarding.Kind, pending.Key.Regarding.NamespaceProperty, pending.Key.Regarding.Name, e.Message);
        }
    }

    private async Task CreateAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var key = pending.Key;
        var ns = key.Regarding.NamespaceProperty ?? "default";
        var created = await events.CreateAsync(ns, new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{key.Regarding.Name}.{RandomSuffix()}", NamespaceProperty = ns },
            EventTime = MicroTime.Of(pending.At),
            ReportingController = options.ReportingController,
            ReportingInstance = options.ReportingInstance,
            Action = key.Action,
            Reason = key.Reason,
            Regarding = key.Regarding,
            Note = key.Note,
            Type = key.Type.ToString(),
        }, cancellationToken);
        Writes++;
        lock (series)
        {
            series[key] = new SeriesState(created.Metadata.NamespaceProperty, created.Metadata.Name, pending.At);
            PruneExpired(pending.At);
        }
    }

    private async Task PatchSeriesAsync(EventKey key, SeriesState state, CancellationToken cancellationToken)
    {
        int count;
        DateTimeOffset lastSeen;
        lock (series)
        {
            count = state.Count;
            lastSeen = state.LastSeen;
            state.Dirty = false;
            state.LastWritten = time.GetUtcNow();
        }

        var patch = new JsonObject
        {
            ["series"] = new JsonObject
            {
                ["count"] = count,
                ["lastObservedTime"] = MicroTime.Format(lastSeen),
            },
        };
        try
        {
            await events.PatchAsync(state.Namespace, state.Name, patch, V1Patch.PatchType.MergePatch, cancellationToken);
            Writes++;
        }
        catch (NotFoundException)
        {
            // The Event expired (TTL) or was deleted: the next occurrence starts a new one.
            lock (series)
            {
                series.Remove(key);
            }
        }
    }

    private async Task FlushSeriesAsync(CancellationToken cancellationToken)
    {
        List<(EventKey Key, SeriesState State)> dirty;
        lock (series)
        {
            dirty = [.. series.Where(s => s.Value.Dirty).Select(s => (s.Key, s.Value))];

            // Also when no event was created for a while: after a burst (a cold start's one event per resource)
            // the states would otherwise stay until the next event, at about 300 bytes per resource.
            PruneExpired(time.GetUtcNow());
        }

        foreach (var (key, state) in dirty)
        {
            try
            {
                await PatchSeriesAsync(key, state, cancellationToken);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
            {
                logger.LogWarning("Could not update event series {Reason}: {Error}", key.Reason, e.Message);
            }
        }
    }

    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var (key, state) in series.Where(s => !s.Value.Dirty && now - s.Value.FirstSeen >= options.AggregationWindow).ToList())
        {
            series.Remove(key);
        }
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
