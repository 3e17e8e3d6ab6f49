using Rotator.Operator.Runtime.Informers;
using Rotator.Operator.Runtime.LeaderElection;

namespace Rotator.Operator.Hosting;

/// <summary>
/// What the probes report, fed by <see cref="OperatorRuntime"/>. Liveness fails only when the process
/// is beyond help (a loop died, start-up failed): restarting a pod that waits for a slow API server
/// would not make it faster. Readiness needs every cache synced; a standby with synced caches is ready,
/// so a rollout is not blocked by the replicas that are (correctly) not leading.
/// </summary>
public sealed class OperatorHealth
{
    private readonly Lock gate = new();
    private OperatorPhase phase = OperatorPhase.Starting;
    private string? failure;
    private IReadOnlyList<IInformer> informers = [];
    private LeaseElector? elector;

    public OperatorPhase Phase
    {
        get
        {
            lock (gate)
            {
                return phase;
            }
        }
    }

    /// <summary>Why the operator failed, once it has.</summary>
    public string? Failure
    {
        get
        {
            lock (gate)
            {
                return failure;
            }
        }
    }

    /// <summary>True while this process runs the controllers' workers (always, with leader election off).</summary>
    public bool IsLeading
    {
        get
        {
            lock (gate)
            {
                return phase == OperatorPhase.Running && (elector?.IsLeader ?? true);
            }
        }
    }

    internal void Started(IReadOnlyList<IInformer> runningInformers, LeaseElector? leaderElector)
    {
        lock (gate)
        {
            if (phase == OperatorPhase.Starting)
            {
                informers = runningInformers;
                elector = leaderElector;
                phase = OperatorPhase.Running;
            }
        }
    }

    internal void Stopping()
    {
        lock (gate)
        {
            if (phase != OperatorPhase.Failed)
            {
                phase = OperatorPhase.Stopping;
            }
        }
    }

    /// <summary>Records the first failure; later ones are consequences of it.</summary>
    internal bool Fail(string reason)
    {
        lock (gate)
        {
            if (phase == OperatorPhase.Failed)
            {
                return false;
            }

            phase = OperatorPhase.Failed;
            failure = reason;
            return true;
        }
    }

    public HealthReport Liveness()
    {
        lock (gate)
        {
            return phase switch
            {
                OperatorPhase.Failed => new HealthReport(false, $"failed: {failure}"),
                OperatorPhase.Starting => new HealthReport(true, "starting"),
                OperatorPhase.Stopping => new HealthReport(true, "stopping"),
                _ => new HealthReport(true, "ok"),
            };
        }
    }

    public HealthReport Readiness()
    {
        lock (gate)
        {
            switch (phase)
            {
                case OperatorPhase.Failed:
                    return new HealthReport(false, $"failed: {failure}");
                case OperatorPhase.Starting:
                    return new HealthReport(false, "starting: connecting to the API server");
                case OperatorPhase.Stopping:
                    return new HealthReport(false, "stopping");
            }

            var unsynced = informers.Where(i => !i.HasSynced).Select(i => i.Name).ToList();
            if (unsynced.Count > 0)
            {
                return new HealthReport(false, $"not synced: {string.Join(", ", unsynced)}");
            }

            return elector switch
            {
                null => new HealthReport(true, "ok: leader election off"),
                { HasCampaigned: false } => new HealthReport(false, "campaigning for the leader lease"),
                { IsLeader: true } => new HealthReport(true, $"ok: leader ({elector.Identity})"),
                _ => new HealthReport(true, $"ok: standby ({elector.Identity})"),
            };
        }
    }
}
