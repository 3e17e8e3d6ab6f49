using Microsoft.Extensions.Logging;
using k8s;
using k8s.Models;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.Queues;

namespace Rotator.Operator.Runtime.Reconciliation;

/// <summary>
/// Feeds informer changes into a work queue and runs workers that reconcile keys. New objects enter the
/// queue's high lane, spec/metadata changes the normal lane, scheduled refreshes the low lane, so a
/// resource created during a mass refresh is handled next, not after all of them.
/// </summary>
public sealed class Controller<T> : IController
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Informer<T> informer;
    private readonly IReconciler<T> reconciler;
    private readonly WorkQueue<ObjectKey> queue;
    private readonly ControllerOptions options;
    private readonly ILogger logger;
    private readonly IReconcileMetrics metrics;
    private readonly TimeProvider time;

    /// <param name="informer">Feeds the queue; its cache is what the reconciler is handed.</param>
    /// <param name="reconciler">Reconciles one key at a time.</param>
    /// <param name="queue">The controller's work queue.</param>
    /// <param name="options">Name and concurrency.</param>
    /// <param name="logger">Where reconcile failures are logged.</param>
    /// <param name="metrics">Where each reconcile's outcome and duration are reported; nowhere if null.</param>
    /// <param name="time">The clock reconcile durations are measured with; the system clock if null.</param>
    public Controller(
        Informer<T> informer,
        IReconciler<T> reconciler,
        WorkQueue<ObjectKey> queue,
        ControllerOptions options,
        ILogger logger,
        IReconcileMetrics? metrics = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(informer);
        this.informer = informer;
        this.reconciler = reconciler;
        this.queue = queue;
        this.options = options;
        this.logger = logger;
        this.metrics = metrics ?? NoopReconcileMetrics.Instance;
        this.time = time ?? TimeProvider.System;
        informer.AddHandler(OnChange);
    }

    public string Name => options.Name;

    public WorkQueue<ObjectKey> Queue => queue;

    /// <summary>
    /// Reconciles until cancelled; returns after the workers finished their current item. The queue is
    /// left running (the informer keeps feeding it), so a later call, in the next leadership term,
    /// picks up where this one stopped. Shutting the queue down is its owner's job.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await informer.WaitForSyncAsync(cancellationToken);
        await PassStartGatesAsync(cancellationToken);
        Prime();

        // Objects listed before we started leading were enqueued already; make sure every cached object is looked at once.
        foreach (var key in informer.Store.Keys)
        {
            queue.Add(key, WorkPriority.Normal);
        }

        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll(workers);
    }

    private void Prime()
    {
        if (reconciler is not IStartPrimer<T> primer)
        {
            return;
        }

        try
        {
            primer.Prime(informer.Store.List());
        }
        catch (Exception e)
        {
            // Priming only saves calls: the first passes fetch what they need themselves.
            logger.LogWarning(e, "Controller {Controller}: priming the first passes failed; each fetches alone", options.Name);
        }
    }

    private async Task PassStartGatesAsync(CancellationToken cancellationToken)
    {
        if (options.StartGates.Count == 0)
        {
            return;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.StartGateTimeout);
        try
        {
            await Task.WhenAll(options.StartGates.Select(g => g.WaitAsync(deadline.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Controller {Controller}: start gates not open after {Timeout}; reconciling without them", options.Name, options.StartGateTimeout);
        }
    }

    private void OnChange(InformerEvent<T> change)
    {
        var key = ObjectKey.Of(change.Item);
        switch (change.Kind)
        {
            case InformerEventKind.Added:
                queue.Add(key, change.FromRelist ? WorkPriority.Normal : WorkPriority.High);
                break;
            case InformerEventKind.Deleted:
                queue.Add(key, WorkPriority.Normal);
                break;
            case InformerEventKind.Updated when Matters(change.Previous, change.Item):
                queue.Add(key, WorkPriority.Normal);
                break;
        }
    }

    /// <summary>
    /// Our own status writes come back as MODIFIED events; reconciling on them would double the work for
    /// nothing. Spec (generation), labels, annotations (rotate-now) and deletion matter. Finalizers do not:
    /// the one that changes them most is this controller, adding its own on the first pass (a second pass
    /// for every new object); one removed by hand is put back at the next refresh.
    /// </summary>
    private static bool Matters(T? previous, T current)
    {
        if (previous is null)
        {
            return true;
        }

        var (p, c) = (previous.Metadata, current.Metadata);
        return p.Generation != c.Generation
            || p.DeletionTimestamp != c.DeletionTimestamp
            || !SameMap(p.Annotations, c.Annotations)
            || !SameMap(p.Labels, c.Labels);
    }

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && v == kv.Value));

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectKey key;
            bool shutDown;
            try
            {
                // A cancelled wait takes nothing from the queue, so nothing is lost between terms.
                (key, shutDown) = await queue.GetAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (shutDown)
            {
                return;
            }

            var started = time.GetTimestamp();
            try
            {
                var result = await reconciler.ReconcileAsync(key, informer.Store.Get(key), cancellationToken);
                queue.Forget(key);
                if (result.RequeueAfter is { } delay)
                {
                    queue.AddAfter(key, delay, WorkPriority.Low);
                }

                metrics.Reconciled(result.RequeueAfter is null ? ReconcileOutcome.Success : ReconcileOutcome.Requeue, time.GetElapsedTime(started));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down mid-reconcile: the next leader picks the key up from its own list.
            }
            catch (TerminalReconcileException e)
            {
                queue.Forget(key);
                metrics.Reconciled(ReconcileOutcome.Terminal, time.GetElapsedTime(started));
                logger.LogError("{Controller}: {Key} cannot be reconciled until it changes: {Error}", options.Name, key.ToString(), e.Message);
            }
            catch (ConflictException)
            {
                // Worked from a copy older than the server's: routine with a watch cache, not worth a warning.
                queue.AddRateLimited(key);
                metrics.Reconciled(ReconcileOutcome.Requeue, time.GetElapsedTime(started));
                logger.LogDebug("{Controller}: {Key} changed while it was reconciled; retrying on a fresh copy", options.Name, key.ToString());
            }
#pragma warning disable CA1031 // Any failure of one object is retried with backoff; it must not stop the worker.
            catch (Exception e)
#pragma warning restore CA1031
            {
                queue.AddRateLimited(key);
                metrics.Reconciled(ReconcileOutcome.Error, time.GetElapsedTime(started));
                logger.LogWarning(e, "{Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying with backoff", options.Name, key.ToString(), queue.NumRequeues(key));
            }
            finally
            {
                queue.Done(key);
                logger.LogDebug("{Controller}: reconciled {Key} in {Elapsed}", options.Name, key.ToString(), time.GetElapsedTime(started));
            }
        }
    }
}
