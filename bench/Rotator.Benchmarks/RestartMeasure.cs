namespace Rotator.Benchmarks;

/// <summary>
/// The operator stopped (SIGTERM) and started again with every resource mirrored and up to date: what the new
/// process did until every resource was reconciled once, plus a few seconds for anything a pass queued.
/// </summary>
/// <param name="StartToReady">Process start to <c>/readyz</c> 200.</param>
/// <param name="StartToAllReconciled">Process start to its reconcile count reaching every resource.</param>
/// <param name="Requests">Its Kubernetes requests over the whole window.</param>
/// <param name="AwsCalls">Its AWS calls over the whole window.</param>
/// <param name="Reconciled">Resources expected to be reconciled (the loaded and the new ones).</param>
public sealed record RestartMeasure(TimeSpan? StartToReady, TimeSpan StartToAllReconciled, RequestTally<KubernetesRequest> Requests, RequestTally<string> AwsCalls, int Reconciled)
{
    /// <summary>Writes other than the Lease's (it is taken over on every start): should be 0.</summary>
    public long Writes => Requests.Sum(r => r.IsWrite && !r.IsLease);

    /// <summary>Should be 0: nothing changed, so no value is read.</summary>
    public long GetSecretValue => AwsCalls["GetSecretValue"];
}
