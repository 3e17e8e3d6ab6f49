using Microsoft.Extensions.Logging;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Runtime.Informers;

/// <summary>
/// List, then watch from the list's resourceVersion; on 410 Gone (HTTP or an ERROR event) relist and
/// emit synthetic deletes for what vanished. This is the state machine the .NET operator SDK got
/// wrong (no reconnect, a loop on "too old resourceVersion", a leak per reconnect): here every watch
/// response is disposed, a watch that ends normally is resumed from the last seen version (not
/// relisted), a silent watch is cut by a watchdog, and errors back off 0.8 s .. 30 s with jitter.
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceApi<T> client;
    private readonly InformerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly List<Action<InformerEvent<T>>> handlers = [];
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ICacheCompactor<T>? compactor;
    private readonly StringPool strings = StringPool.Shared;
    private long relists;
    private long watches;

    public Informer(ResourceApi<T> client, InformerOptions options, TimeProvider time, ILogger logger, ICacheCompactor<T>? compactor = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        this.client = client;
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.compactor = compactor;
        Name = client.Type.ResourceName + (options.LabelSelector is { } selector ? $" ({selector})" : "");
    }

    public string Name { get; }

    public InformerStore<T> Store { get; } = new();

    public bool HasSynced => synced.Task.IsCompleted;

    /// <summary>Lists performed (the initial one included): a climbing number means 410s or errors.</summary>
    public long Relists => Interlocked.Read(ref relists);

    /// <summary>Watch requests started.</summary>
    public long Watches => Interlocked.Read(ref watches);

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? LastResourceVersion { get; private set; }

    /// <summary>Handlers run on the informer's loop, in order; they must be quick (enqueue, not reconcile).</summary>
    public void AddHandler(Action<InformerEvent<T>> handler)
    {
        lock (handlers)
        {
            handlers.Add(handler);
        }
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = options.BackoffInitial;
        var needList = true;
        var healthySince = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await RelistAsync(cancellationToken);
                    needList = false;
                }

                needList = await WatchOnceAsync(cancellationToken);
                if (time.GetUtcNow() - healthySince >= options.BackoffResetAfter)
                {
                    backoff = options.BackoffInitial;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (GoneException)
            {
                logger.LogInformation("Informer {Informer}: resourceVersion {ResourceVersion} expired; relisting", Name, LastResourceVersion);
                needList = true;
            }
#pragma warning disable CA1031 // An informer must outlive any API server hiccup: log, back off, retry.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (time.GetUtcNow() - healthySince >= options.BackoffResetAfter)
                {
                    backoff = options.BackoffInitial;
                }

                var delay = Jitter(backoff);
                logger.LogWarning("Informer {Informer}: {Error}; retrying in {Delay}", Name, Describe(e), delay);
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.BackoffMax.Ticks));
                healthySince = time.GetUtcNow();
            }
        }
    }

    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref relists);
        var list = await client.ListAllAsync(options.Namespace, new ListOptions
        {
            LabelSelector = options.LabelSelector,
            FieldSelector = options.FieldSelector,
            Limit = options.PageSize,
        }, cancellationToken);

        var seen = new HashSet<ObjectKey>();
        foreach (var item in list.Items)
        {
            // List items carry no apiVersion/kind; fill them so consumers see whole objects.
            item.ApiVersion ??= client.Type.ApiVersion;
            item.Kind ??= client.Type.Kind;
            Trim(item);
            var key = ObjectKey.Of(item);
            seen.Add(key);
            var previous = Store.Upsert(item);
            if (previous is null)
            {
                Emit(new InformerEvent<T>(InformerEventKind.Added, item, null, true));
            }
            else if (previous.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
            {
                Emit(new InformerEvent<T>(InformerEventKind.Updated, item, previous, true));
            }
        }

        foreach (var key in Store.Keys)
        {
            if (!seen.Contains(key) && Store.Remove(key) is { } gone)
            {
                Emit(new InformerEvent<T>(InformerEventKind.Deleted, gone, null, true));
            }
        }

        LastResourceVersion = list.Metadata.ResourceVersion;
        synced.TrySetResult();
        logger.LogInformation("Informer {Informer}: listed {Count} objects at resourceVersion {ResourceVersion}", Name, list.Items.Count, LastResourceVersion);
    }

    /// <summary>One watch request. Returns true when a relist is needed.</summary>
    private async Task<bool> WatchOnceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref watches);
        var timeout = options.WatchTimeout + TimeSpan.FromTicks((long)(options.WatchTimeout.Ticks * Random.Shared.NextDouble()));
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var silence = timeout + options.WatchdogGrace;
        using var timer = time.CreateTimer(_ => watchdog.Cancel(), null, silence, Timeout.InfiniteTimeSpan);
        try
        {
            await foreach (var change in client.WatchAsync(options.Namespace, new WatchOptions
            {
                ResourceVersion = LastResourceVersion,
                LabelSelector = options.LabelSelector,
                FieldSelector = options.FieldSelector,
                AllowBookmarks = true,
                Timeout = timeout,
            }, watchdog.Token))
            {
                // Any line proves the connection is alive.
                timer.Change(silence, Timeout.InfiniteTimeSpan);
                Apply(change.Type, change.Item);
            }
        }
        catch (GoneException e)
        {
            logger.LogInformation("Informer {Informer}: watch expired ({Message}); relisting", Name, e.Status?.Message);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Informer {Informer}: watch silent for {Silence}; re-establishing", Name, silence);
        }

        return false;
    }

    private void Apply(WatchEventType type, T item)
    {
        LastResourceVersion = item.Metadata?.ResourceVersion ?? LastResourceVersion;
        if (type == WatchEventType.Bookmark)
        {
            return;
        }

        item.ApiVersion ??= client.Type.ApiVersion;
        item.Kind ??= client.Type.Kind;
        Trim(item);
        if (type == WatchEventType.Deleted)
        {
            var gone = Store.Remove(ObjectKey.Of(item));
            Emit(new InformerEvent<T>(InformerEventKind.Deleted, item, gone, false));
            return;
        }

        var previous = Store.Upsert(item);
        Emit(new InformerEvent<T>(previous is null ? InformerEventKind.Added : InformerEventKind.Updated, item, previous, false));
    }

    /// <summary>
    /// Shrinks an object before it is cached. Drops metadata.managedFields: nothing here reads it, and it is the
    /// largest part of a small object (about half the cached bytes of a RotatingSecret); writing a cached copy
    /// back stays safe, as an update that omits managedFields leaves the server's record unchanged. Pools the
    /// metadata strings that repeat from object to object (see <see cref="StringPool"/>), then lets the kind's
    /// <see cref="ICacheCompactor{T}"/> do the same for its own fields.
    /// </summary>
    private void Trim(T item)
    {
        var metadata = item.Metadata;
        if (metadata is null)
        {
            return;
        }

        metadata.ManagedFields = null;
        metadata.NamespaceProperty = strings.Intern(metadata.NamespaceProperty);
        metadata.Labels = strings.Intern(metadata.Labels, values: true);
        metadata.Annotations = strings.Intern(metadata.Annotations, values: false);
        if (metadata.Finalizers is { Count: > 0 } finalizers)
        {
            metadata.Finalizers = [.. finalizers.Select(f => strings.Intern(f)!)];
        }

        foreach (var owner in metadata.OwnerReferences ?? [])
        {
            owner.ApiVersion = strings.Intern(owner.ApiVersion);
            owner.Kind = strings.Intern(owner.Kind);
        }

        item.ApiVersion = strings.Intern(item.ApiVersion);
        item.Kind = strings.Intern(item.Kind);
        compactor?.Compact(item, strings);
    }

    private void Emit(InformerEvent<T> change)
    {
        Action<InformerEvent<T>>[] snapshot;
        lock (handlers)
        {
            snapshot = [.. handlers];
        }

        foreach (var handler in snapshot)
        {
            try
            {
                handler(change);
            }
#pragma warning disable CA1031 // One bad handler must not stop the informer for everyone.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "Informer {Informer}: handler failed for {Key}", Name, ObjectKey.Of(change.Item));
            }
        }
    }

    private static TimeSpan Jitter(TimeSpan backoff) =>
        TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + Random.Shared.NextDouble())));

    private static string Describe(Exception e) => e switch
    {
        KubernetesApiException or HttpRequestException or TimeoutException or IOException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
