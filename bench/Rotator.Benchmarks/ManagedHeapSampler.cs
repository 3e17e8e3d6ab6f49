namespace Rotator.Benchmarks;

/// <summary>
/// Samples the managed heap (garbage included, no collection forced) until disposed and keeps the
/// highest value: the peak a container's memory limit has to allow for, which a full collection at
/// the end would hide.
/// </summary>
public sealed class ManagedHeapSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peak;

    public ManagedHeapSampler(TimeSpan interval)
    {
        Sample();
        sampling = SampleAsync(interval, stop.Token);
    }

    public long Peak
    {
        get
        {
            Sample();
            return Interlocked.Read(ref peak);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    private void Sample()
    {
        // Either measure may be the larger just before a collection; GetGCMemoryInfo adds what the last GC saw as the heap.
        var now = Math.Max(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().HeapSizeBytes);
        long seen;
        while (now > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
        {
        }
    }
}
