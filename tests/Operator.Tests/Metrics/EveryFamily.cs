using Rotator.Kubernetes.Http;
using Rotator.Operator.Metrics;
using Rotator.Operator.Runtime.Queues;
using Rotator.Operator.Runtime.Reconciliation;
using Rotator.Rotation.Aws;

namespace Rotator.Operator.Tests.Metrics;

/// <summary>
/// A <see cref="RotatorMetrics"/> in which every family has a sample, through the same calls the
/// operator makes: what a scrape of a busy operator holds, without running one.
/// </summary>
internal static class EveryFamily
{
    public static async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        var metrics = new RotatorMetrics(TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        metrics.RotationFinished("RandomValue", "Succeeded");
        metrics.RollbackFinished("RandomValue", "Refused");
        metrics.StepFinished("RandomValue", "create_pending", TimeSpan.FromMilliseconds(120));
        metrics.Propagated("secret", TimeSpan.FromMilliseconds(80));
        metrics.SecretObserved("shop", "orders-db", now.AddHours(-1), now.AddDays(30));
        metrics.RolloutPending("shop", "orders-db", 1, 1);
        metrics.AwaitingApproval("shop", "orders-db", canWait: true, waiting: true);
        metrics.Leading(true);
        metrics.AwsCall("sts", "AssumeRoleWithWebIdentity", AwsCallOutcomes.Success);
        ((IAwsCallObserver)metrics).OnAttempt("secretsmanager", "GetSecretValue", AwsCallOutcomes.Success, TimeSpan.FromMilliseconds(40));
        ((IKubernetesRequestObserver)metrics).OnRequest("get", "secrets", "200");
        metrics.Restarted("Deployment", "restarted");
        var queue = metrics.ForQueue("rotatingsecrets");
        queue.ItemAdded(WorkPriority.Normal);
        queue.DepthChanged(WorkPriority.Normal, 1);
        queue.QueueLatencyObserved(WorkPriority.Normal, TimeSpan.FromMilliseconds(3));
        queue.ItemRetried();
        metrics.ForController("rotatingsecrets").Reconciled(ReconcileOutcome.Success, TimeSpan.FromMilliseconds(15));
        return await metrics.RenderAsync(cancellationToken);
    }
}
