using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Benchmarks;

/// <summary>
/// Lists every secret's versions over and over while the rotations run and notes each version caught
/// labelled AWSPENDING: two different ones for one secret would be two rotations of it, overlapping or
/// one after the other. A sample, not a proof: a rotation between two polls of its secret goes unseen.
/// </summary>
public sealed class AwsPendingPoller(ISecretsManager aws, IReadOnlyList<RotationTrace> traces, int concurrency)
{
    /// <summary>Full passes over all secrets.</summary>
    public int Rounds { get; private set; }

    /// <summary>ListSecretVersionIds answers that had an AWSPENDING version.</summary>
    public long PendingSightings => Interlocked.Read(ref pendingSightings);

    private long pendingSightings;

    public async Task RunAsync(CancellationToken stop)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop };
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Parallel.ForEachAsync(traces, parallel, async (trace, token) =>
                {
                    var page = await aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(trace.SecretId), token);
                    foreach (var version in page.Versions.Where(v => v.VersionStages.Contains(SecretVersionStages.Pending)))
                    {
                        Interlocked.Increment(ref pendingSightings);
                        trace.OnPending(version.VersionId);
                    }
                });
                Rounds++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Done: the rotations are over.
        }
    }
}
