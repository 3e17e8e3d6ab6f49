using FluentAssertions;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Tests.Runtime.Queues;

/// <summary>Many producers and workers at once: one worker per key, and no add is ever lost.</summary>
public sealed class WorkQueueConcurrencyTests
{
    private const int Keys = 16;
    private const int Workers = 8;
    private const int Producers = 4;
    private const int AddsPerProducer = 10_000;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly int[] active = new int[Keys];
    private readonly int[] mostActive = new int[Keys];
    private readonly long[] addedVersion = new long[Keys];
    private readonly long[] processedVersion = new long[Keys];
    private int runs;

    [Fact]
    public async Task Concurrent_workers_never_share_a_key_and_process_every_key_after_its_last_add()
    {
        var ct = TestContext.Current.CancellationToken;
        using var queue = new WorkQueue<int>(TimeProvider.System);
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(queue, w, ct), ct)).ToArray();
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() => ProduceAsync(queue, p), ct)).ToArray();

        await Task.WhenAll(producers).WaitAsync(Patience, ct);

        // client-go's ShutDown lets workers drain what is queued (and what Done re-queues) before they stop.
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(Patience, ct);

        mostActive.Should().OnlyContain(n => n == 1, "no key may be processed by two workers at once");
        processedVersion.Should().Equal(addedVersion, "every key must be processed after its last add");
        runs.Should().BeLessThan(Producers * AddsPerProducer, "adds of a key that is already waiting collapse");
        queue.Count.Should().Be(0);
    }

    private async Task ProduceAsync(WorkQueue<int> queue, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < AddsPerProducer; i++)
        {
            var key = random.Next(Keys);

            // The version goes up before the add, so a run that starts after the add sees at least it.
            Interlocked.Increment(ref addedVersion[key]);
            queue.Add(key, (WorkPriority)random.Next(3));
            if (i % 32 == 0)
            {
                await Task.Yield();
            }
        }
    }

    private async Task WorkAsync(WorkQueue<int> queue, int seed, CancellationToken ct)
    {
        var random = new Random(1_000 + seed);
        while (true)
        {
            var (key, shutDown) = await queue.GetAsync(ct);
            if (shutDown)
            {
                return;
            }

            Interlocked.Increment(ref runs);
            var concurrent = Interlocked.Increment(ref active[key]);
            RaiseTo(ref mostActive[key], concurrent);
            RaiseTo(ref processedVersion[key], Volatile.Read(ref addedVersion[key]));
            if (random.Next(4) == 0)
            {
                await Task.Yield();
            }
            else
            {
                Thread.SpinWait(random.Next(200));
            }

            // Leave before Done: once Done is called another worker may legitimately take the key.
            Interlocked.Decrement(ref active[key]);
            queue.Done(key);
        }
    }

    private static void RaiseTo(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private static void RaiseTo(ref long target, long value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
