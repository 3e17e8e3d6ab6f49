using System.Globalization;
using Microsoft.Extensions.Logging;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Runtime.LeaderElection;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: optimistic concurrency on
/// the Lease's resourceVersion, expiry judged by our own clock from when we last saw the record change
/// (never by comparing clocks across machines), and a renew deadline shorter than the lease so a
/// leader that cannot renew stops its workers before a successor may start.
/// </summary>
/// <remarks>
/// Ours over the library's <see cref="V1Lease"/> model rather than the library's <c>k8s.LeaderElection.LeaderElector</c>,
/// which has no <see cref="TimeProvider"/> (it reads the wall clock, so no test can drive it), does not hand
/// the lease back on shutdown (a standby waits out the whole lease), and reports a term by events instead of
/// a token that is cancelled when the renew deadline passes.
/// </remarks>
public sealed class LeaseElector
{
    private readonly ResourceApi<V1Lease> leases;
    private readonly LeaderElectionOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private string? observedRecord;
    private DateTimeOffset observedAt;
    private volatile bool isLeader;
    private volatile bool campaigned;
    private long terms;

    public LeaseElector(ResourceApi<V1Lease> leases, LeaderElectionOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.RenewDeadline >= options.LeaseDuration)
        {
            throw new ArgumentException("RenewDeadline must be shorter than LeaseDuration", nameof(options));
        }

        this.leases = leases;
        this.options = options;
        this.time = time;
        this.logger = logger;
    }

    public string Identity => options.Identity;

    public bool IsLeader => isLeader;

    /// <summary>True once the first attempt to take the lease has finished: before that, not leading does not yet mean standing by.</summary>
    public bool HasCampaigned => campaigned;

    /// <summary>Terms won since the start: more than one in a process means it stood down (or lost the lease) and won again.</summary>
    public long Terms => Interlocked.Read(ref terms);

    /// <summary>
    /// Campaigns until <paramref name="cancellationToken"/> fires. Each time leadership is won,
    /// <paramref name="whileLeading"/> runs with a token that is cancelled the moment leadership is
    /// lost; we wait for it to return before campaigning again, so two terms never overlap here.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whileLeading);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken))
            {
                return;
            }

            using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            isLeader = true;
            Interlocked.Increment(ref terms);
            logger.LogInformation("Leader election: {Identity} became leader of {Namespace}/{Lease}", Identity, options.LeaseNamespace, options.LeaseName);
            var work = Task.Run(() => whileLeading(term.Token), CancellationToken.None);
            await RenewUntilLostAsync(work, term, cancellationToken);
            await term.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException)
            {
                // Expected: the term ended.
            }
            finally
            {
                isLeader = false;
            }

            if (cancellationToken.IsCancellationRequested && options.ReleaseOnCancel)
            {
                await ReleaseAsync();
            }

            logger.LogInformation("Leader election: {Identity} stopped leading", Identity);
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool acquired;
            try
            {
                acquired = await TryAcquireOrRenewAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            campaigned = true;
            if (acquired)
            {
                return true;
            }

            try
            {
                await Task.Delay(Jittered(options.RetryPeriod), time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    private async Task RenewUntilLostAsync(Task work, CancellationTokenSource term, CancellationToken cancellationToken)
    {
        var lastRenew = time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(options.RetryPeriod, time, cancellationToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (cancellationToken.IsCancellationRequested || work.IsCompleted)
            {
                return;
            }

            // Each renew attempt gets what is left of the deadline, so a hung request cannot stretch the term.
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var left = options.RenewDeadline - (time.GetUtcNow() - lastRenew);
            attempt.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            var renewed = false;
            try
            {
                renewed = await TryAcquireOrRenewAsync(attempt.Token);
            }
            catch (OperationCanceledException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // Stopped (or killed) in the middle of a renew: the term ends here, not with an exception.
                    return;
                }

                renewed = false;
            }

            if (renewed)
            {
                lastRenew = time.GetUtcNow();
            }
            else if (time.GetUtcNow() - lastRenew >= options.RenewDeadline)
            {
                logger.LogWarning("Leader election: {Identity} could not renew within {Deadline}; stepping down", Identity, options.RenewDeadline);
                await term.CancelAsync();
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            var lease = await leases.GetAsync(options.LeaseNamespace, options.LeaseName, cancellationToken);
            if (lease is null)
            {
                await leases.CreateAsync(options.LeaseNamespace, new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = options.LeaseName, NamespaceProperty = options.LeaseNamespace },
                    Spec = new V1LeaseSpec
                    {
                        HolderIdentity = Identity,
                        LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
                        AcquireTime = MicroTime.Of(now),
                        RenewTime = MicroTime.Of(now),
                        LeaseTransitions = 0,
                    },
                }, cancellationToken);
                Observe(Identity, MicroTime.Of(now));
                return true;
            }

            var spec = lease.Spec ??= new V1LeaseSpec();
            var record = $"{spec.HolderIdentity}|{spec.RenewTime?.ToString("O", CultureInfo.InvariantCulture)}|{spec.LeaseTransitions}";
            if (record != observedRecord)
            {
                observedRecord = record;
                observedAt = now;
            }

            var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != Identity;
            var duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? (int)options.LeaseDuration.TotalSeconds);
            if (heldByOther && observedAt + duration > now)
            {
                return false;
            }

            if (spec.HolderIdentity != Identity)
            {
                spec.AcquireTime = MicroTime.Of(now);
                spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
            }

            spec.HolderIdentity = Identity;
            spec.RenewTime = MicroTime.Of(now);
            spec.LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds;
            // PUT with the resourceVersion we read: if anyone else wrote in between, we get a Conflict and lose this round.
            var updated = await leases.ReplaceAsync(options.LeaseNamespace, lease, cancellationToken);
            Observe(Identity, updated.Spec?.RenewTime ?? MicroTime.Of(now), updated.Spec?.LeaseTransitions);
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
        {
            logger.LogWarning("Leader election: {Identity} could not reach the lease: {Error}", Identity, e.Message);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.RetryPeriod * 2);
            var lease = await leases.GetAsync(options.LeaseNamespace, options.LeaseName, timeout.Token);
            if (lease?.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            await leases.ReplaceAsync(options.LeaseNamespace, lease, timeout.Token);
            logger.LogInformation("Leader election: {Identity} released the lease", Identity);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or IOException or OperationCanceledException)
        {
            logger.LogWarning("Leader election: {Identity} could not release the lease: {Error}", Identity, e.Message);
        }
    }

    private void Observe(string holder, DateTime renewTime, int? transitions = 0)
    {
        observedRecord = $"{holder}|{renewTime.ToString("O", CultureInfo.InvariantCulture)}|{transitions}";
        observedAt = time.GetUtcNow();
    }

    private static TimeSpan Jittered(TimeSpan period) =>
        TimeSpan.FromTicks((long)(period.Ticks * (1 + (0.2 * Random.Shared.NextDouble()))));
}
