namespace Rotator.Operator.Runtime.Queues;

/// <summary>
/// The controller runtime's work queue, with client-go's guarantees: an item queued several times is
/// processed once; an item is never handed to two workers at once (one added again while it is being
/// processed is queued again when <see cref="Done"/> is called); delayed and rate-limited adds.
/// On top of that, three <see cref="WorkPriority"/> lanes: a getter always takes from the highest
/// non-empty lane, FIFO within it, and adding a queued item with a higher priority moves it up.
/// </summary>
/// <remarks>
/// Every item taken with <see cref="GetAsync"/> must be handed back with <see cref="Done"/>, or it is
/// never processed again. After <see cref="ShutDown"/> adds are ignored and pending delays dropped,
/// but items already queued are still handed out; getters learn of the shutdown once the queue is empty.
/// </remarks>
public sealed class WorkQueue<T> : IDisposable
    where T : notnull
{
    // ITimer.Change refuses due times past uint.MaxValue - 1 milliseconds; a longer wait re-arms when it wakes.
    private static readonly TimeSpan LongestTimerWait = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly IRateLimiter<T> rateLimiter;
    private readonly IWorkQueueMetrics metrics;
    private readonly long origin;
    private readonly LinkedList<T>[] lanes = [new(), new(), new()];
    private readonly Dictionary<T, DirtyItem<T>> dirty = [];
    private readonly Dictionary<T, TimeSpan> processing = [];
    private readonly LinkedList<TaskCompletionSource<(T Item, bool ShutDown)>> getters = new();
    private readonly DelaySchedule<T> delays = new();
    private readonly ITimer timer;
    private TimeSpan timerArmedFor = TimeSpan.MaxValue;
    private int queued;
    private bool shuttingDown;

    /// <param name="time">The clock for delays, rate limits and metrics.</param>
    /// <param name="rateLimiter">Paces <see cref="AddRateLimited"/>; <see cref="RateLimiters.DefaultController{T}"/> if null.</param>
    /// <param name="metrics">Where queue activity is reported; nowhere if null.</param>
    public WorkQueue(TimeProvider time, IRateLimiter<T>? rateLimiter = null, IWorkQueueMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        this.time = time;
        this.rateLimiter = rateLimiter ?? RateLimiters.DefaultController<T>(time);
        this.metrics = metrics ?? NoopWorkQueueMetrics.Instance;
        origin = time.GetTimestamp();
        timer = time.CreateTimer(static state => ((WorkQueue<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Items waiting in the lanes: neither those being processed nor those whose delay has not passed.</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return queued;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    // Monotonic, so that a wall-clock step cannot fire or stall every delay at once.
    private TimeSpan Now => time.GetElapsedTime(origin);

    /// <summary>Marks <paramref name="item"/> as needing processing.</summary>
    public void Add(T item, WorkPriority priority = WorkPriority.Normal)
    {
        ValidatePriority(priority);
        lock (gate)
        {
            if (!shuttingDown)
            {
                AddLocked(item, priority);
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="item"/> once <paramref name="delay"/> has passed. If it is already waiting
    /// for a delay, the earlier of the two times and the higher of the two priorities win.
    /// </summary>
    public void AddAfter(T item, TimeSpan delay, WorkPriority priority = WorkPriority.Normal)
    {
        ValidatePriority(priority);
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(item, priority);
                return;
            }

            var now = Now;
            var readyAt = delay >= TimeSpan.MaxValue - now ? TimeSpan.MaxValue : now + delay;
            delays.Schedule(item, readyAt, priority);
            ArmTimer();
        }
    }

    /// <summary>Adds <paramref name="item"/> after the rate limiter's wait for its next failure.</summary>
    public void AddRateLimited(T item, WorkPriority priority = WorkPriority.Normal)
    {
        ValidatePriority(priority);
        if (IsShuttingDown)
        {
            // Not a retry that will happen: it must not lengthen the item's backoff.
            return;
        }

        var wait = rateLimiter.When(item);
        metrics.ItemRetried();
        AddAfter(item, wait, priority);
    }

    /// <summary>Resets <paramref name="item"/>'s failure count: call it when it was processed successfully.</summary>
    public void Forget(T item) => rateLimiter.Forget(item);

    public int NumRequeues(T item) => rateLimiter.NumRequeues(item);

    /// <summary>
    /// Waits for an item to process. Returns <c>ShutDown = true</c> (and a default item) once the
    /// queue is shutting down and empty. A cancelled wait throws and takes nothing from the queue.
    /// </summary>
    public ValueTask<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default)
    {
        LinkedListNode<TaskCompletionSource<(T Item, bool ShutDown)>> getter;
        lock (gate)
        {
            if (TryTakeLocked(out var item))
            {
                return new ValueTask<(T Item, bool ShutDown)>((item, false));
            }

            if (shuttingDown)
            {
                return new ValueTask<(T Item, bool ShutDown)>((default!, true));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<(T Item, bool ShutDown)>(cancellationToken);
            }

            getter = getters.AddLast(new TaskCompletionSource<(T Item, bool ShutDown)>(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        return WaitAsync(getter, cancellationToken);
    }

    /// <summary>
    /// Ends the processing of <paramref name="item"/>; if it was added again meanwhile, it is queued
    /// again now. An item that is not being processed is ignored.
    /// </summary>
    public void Done(T item)
    {
        lock (gate)
        {
            if (!processing.Remove(item, out var startedAt))
            {
                return;
            }

            metrics.WorkDurationObserved(Now - startedAt);
            if (dirty.TryGetValue(item, out var pending))
            {
                EnqueueLocked(item, pending);
            }
        }
    }

    /// <summary>
    /// client-go's ShutDown: adds are ignored from now on and pending delays are dropped; waiting
    /// getters return at once with <c>ShutDown = true</c>, later ones do so when the queue is empty.
    /// It does not wait for items being processed.
    /// </summary>
    public void ShutDown()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            shuttingDown = true;
            delays.Clear();
            DisarmTimer();

            // A getter waits only while the lanes are empty, so every one of them is told to stop.
            foreach (var getter in getters)
            {
                getter.TrySetResult((default!, true));
            }

            getters.Clear();
        }
    }

    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
    }

    private static void ValidatePriority(WorkPriority priority)
    {
        if ((uint)priority > (uint)WorkPriority.Low)
        {
            throw new ArgumentOutOfRangeException(nameof(priority), priority, "Not a work priority.");
        }
    }

    private async ValueTask<(T Item, bool ShutDown)> WaitAsync(
        LinkedListNode<TaskCompletionSource<(T Item, bool ShutDown)>> getter, CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled)
        {
            return await getter.Value.Task.ConfigureAwait(false);
        }

        using var registration = cancellationToken.Register(() => CancelGetter(getter, cancellationToken));
        return await getter.Value.Task.ConfigureAwait(false);
    }

    private void CancelGetter(LinkedListNode<TaskCompletionSource<(T Item, bool ShutDown)>> getter, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            // Already handed an item (or the shutdown): the getter returns that rather than throwing,
            // so that no item is taken from the queue and then lost.
            if (getter.List is null)
            {
                return;
            }

            getters.Remove(getter);
        }

        getter.Value.TrySetCanceled(cancellationToken);
    }

    private void AddLocked(T item, WorkPriority priority)
    {
        if (dirty.TryGetValue(item, out var pending))
        {
            if (priority < pending.Priority)
            {
                var from = pending.Priority;
                pending.Priority = priority;
                if (pending.Node is { } node)
                {
                    lanes[(int)from].Remove(node);
                    lanes[(int)priority].AddLast(node);
                    metrics.DepthChanged(from, lanes[(int)from].Count);
                    metrics.DepthChanged(priority, lanes[(int)priority].Count);
                }
            }

            return;
        }

        pending = new DirtyItem<T>(priority, Now);
        dirty.Add(item, pending);
        metrics.ItemAdded(priority);
        if (!processing.ContainsKey(item))
        {
            EnqueueLocked(item, pending);
        }
    }

    private void EnqueueLocked(T item, DirtyItem<T> pending)
    {
        // A getter waits only while every lane is empty, so handing it this item skips nothing.
        if (getters.First is { } getter)
        {
            getters.RemoveFirst();
            StartProcessingLocked(item, pending);
            getter.Value.TrySetResult((item, false));
            return;
        }

        var lane = lanes[(int)pending.Priority];
        pending.Node = lane.AddLast(item);
        queued++;
        metrics.DepthChanged(pending.Priority, lane.Count);
    }

    private bool TryTakeLocked(out T item)
    {
        for (var index = 0; index < lanes.Length; index++)
        {
            var lane = lanes[index];
            if (lane.First is { } node)
            {
                lane.RemoveFirst();
                queued--;
                metrics.DepthChanged((WorkPriority)index, lane.Count);
                item = node.Value;
                var pending = dirty[item];
                pending.Node = null;
                StartProcessingLocked(item, pending);
                return true;
            }
        }

        item = default!;
        return false;
    }

    private void StartProcessingLocked(T item, DirtyItem<T> pending)
    {
        var now = Now;
        dirty.Remove(item);
        processing.Add(item, now);
        metrics.QueueLatencyObserved(pending.Priority, now - pending.AddedAt);
    }

    private void OnTimer()
    {
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            timerArmedFor = TimeSpan.MaxValue;
            foreach (var (item, priority) in delays.TakeDue(Now))
            {
                AddLocked(item, priority);
            }

            ArmTimer();
        }
    }

    private void ArmTimer()
    {
        if (delays.NextDue() is not { } next)
        {
            DisarmTimer();
            return;
        }

        if (next == timerArmedFor)
        {
            return;
        }

        timerArmedFor = next;
        var wait = next - Now;
        timer.Change(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestTimerWait ? LongestTimerWait : wait, Timeout.InfiniteTimeSpan);
    }

    private void DisarmTimer()
    {
        if (timerArmedFor != TimeSpan.MaxValue)
        {
            timerArmedFor = TimeSpan.MaxValue;
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }
}
