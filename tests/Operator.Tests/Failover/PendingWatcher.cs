using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Operator.Tests.Failover;

/// <summary>Polls moto for how many versions of each secret carry AWSPENDING at once; the most ever seen.</summary>
internal sealed class PendingWatcher(ISecretsManager aws, IReadOnlyList<string> secretIds)
{
    public int MaxPending { get; private set; }

    public int Polls { get; private set; }

    public async Task RunAsync(CancellationToken stop, CancellationToken ct)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var id in secretIds)
            {
                var stages = (await aws.DescribeSecretAsync(id, ct)).VersionIdsToStages;
                MaxPending = Math.Max(MaxPending, stages.Count(v => v.Value.Contains(SecretVersionStages.Pending)));
            }

            Polls++;
            await Task.Delay(1000, ct);
        }
    }
}
