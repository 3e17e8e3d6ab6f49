using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;

namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// Reads the Lease's holder, SIGKILLs that replica (<see cref="ReplicaSupervisor"/> starts it again), and
/// measures the failover gap: from the kill until the Lease names another holder.
/// </summary>
internal sealed class LeaderKiller(FailoverBed bed)
{
    private readonly List<LeaderKill> kills = [];

    public IReadOnlyList<LeaderKill> Kills => kills;

    /// <summary>Kills the current leader and waits for the next; false when no leader could be read.</summary>
    public async Task<bool> KillLeaderAsync(CancellationToken ct)
    {
        var holder = await HolderAsync(ct);
        var victim = holder is null ? null : bed.Processes.LastOrDefault(p => !p.HasExited && holder.StartsWith(p.PodName + "_", StringComparison.Ordinal));
        if (victim is null)
        {
            return false;
        }

        var at = DateTimeOffset.UtcNow;
        victim.Kill();
        TimeSpan? gap = null;
        while (DateTimeOffset.UtcNow - at < TimeSpan.FromSeconds(60))
        {
            if (await HolderAsync(ct) is { } next && next != holder)
            {
                gap = DateTimeOffset.UtcNow - at;
                break;
            }

            await Task.Delay(100, ct);
        }

        kills.Add(new LeaderKill(holder!, at, gap));
        return true;
    }

    /// <summary>The Lease's holder; null when released, absent or unreadable.</summary>
    public async Task<string?> HolderAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var lease = await bed.Admin.For(ResourceTypes.Leases).GetAsync(bed.Namespace, "rotator-leader", timeout.Token);
            return lease?.Spec?.HolderIdentity is { Length: > 0 } holder ? holder : null;
        }
        catch (Exception e) when (ApiOutage.Is(e, ct))
        {
            return null;
        }
    }
}
