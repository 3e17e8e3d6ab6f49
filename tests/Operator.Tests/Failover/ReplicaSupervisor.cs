namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// What the Deployment's kubelet does for the replicas: whenever one exits (SIGKILLed by the test or
/// stopped by itself) it is started again under the same pod name. Exits the test did not cause are
/// kept, so the test can judge them.
/// </summary>
internal sealed class ReplicaSupervisor(FailoverBed bed, Func<string, OperatorProcess> start)
{
    private readonly List<OperatorProcess> exitedByThemselves = [];

    public IReadOnlyList<OperatorProcess> ExitedByThemselves => exitedByThemselves;

    public int Restarts { get; private set; }

    public async Task RunAsync(CancellationToken stop, CancellationToken ct)
    {
        var handled = new HashSet<OperatorProcess>();
        while (!stop.IsCancellationRequested)
        {
            foreach (var exited in bed.Processes.Where(p => p.HasExited && handled.Add(p)))
            {
                if (!exited.WasKilled)
                {
                    exitedByThemselves.Add(exited);
                }

                start(exited.PodName);
                Restarts++;
            }

            await Task.Delay(200, ct);
        }
    }
}
