using Rotator.Operator.Controllers.RotatingSecrets;

namespace Rotator.KubectlPlugin;

/// <summary>Every condition reason the operator writes, in plain words, with what a person should do next.</summary>
public static class ReasonExplanations
{
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [StatusReasons.Mirrored] = "the Kubernetes Secret holds the AWS secret's current version: nothing to do",
        [StatusReasons.InvalidSpec] = "the spec cannot be used as written: read the message, fix the named spec field and apply again",
        [StatusReasons.NotAllowed] = "the operator's tenancy policy does not let this namespace use this AWS secret: use a secret id this namespace may use, or ask the operator's administrators to allow it",
        [StatusReasons.SecretNotFound] = "the AWS secret does not exist or the operator's identity cannot see it: check spec.secretId and the IAM policy",
        [StatusReasons.AwsError] = "AWS Secrets Manager answered with an error: read the message; check the region, the network path to AWS and the operator's IAM permissions; the operator retries",
        [StatusReasons.SecretNotOwned] = "a Secret of the target name already exists and was not created by the operator: delete or rename it, or choose another spec.target.name",
        [StatusReasons.MirrorFailed] = "writing the Kubernetes Secret failed: read the message (often a key mapping in spec.target.keys that the AWS secret lacks)",
        [StatusReasons.KubernetesError] = "the Kubernetes API refused or failed a request: check the operator's RBAC and logs; the operator retries",
        [StatusReasons.RotationFailed] = "the last rotation failed: read status.rotation.lastError and the history, fix the cause (database reachability, admin credentials), then request a rotation again with `kubectl rotator rotate`",
        [StatusReasons.RotationRefused] = "the operator refused to start a rotation: read the message for why (for example the AWS secret has rotation configured elsewhere or the spec lacks what the strategy needs)",
        [StatusReasons.Idle] = "no rotation is running; the next one starts at the scheduled time or on request",
        [StatusReasons.Suspended] = "rotation is suspended (spec.suspend): set it to false to rotate again; a rotation already in flight still finishes",
        [StatusReasons.RotationStarted] = "a rotation has started: wait for it, or watch with `kubectl rotator status`",
        [StatusReasons.RotationResumed] = "a rotation interrupted earlier (for example by an operator restart) is being resumed: wait for it",
        [StatusReasons.RetryingRotation] = "a rotation step failed and will be retried: read status.rotation.lastError; fix the cause if it repeats",
        [StatusReasons.Rotated] = "the last rotation succeeded",
        [StatusReasons.RotationAbandoned] = "the operator gave up on a rotation after repeated failures: read the history and the last error, fix the cause, then request a new rotation with `kubectl rotator rotate`",
        [StatusReasons.RotationOrphaned] = "a rotation was in flight when the strategy was set to None; it was neither finished nor undone: check the AWS secret's AWSPENDING version by hand, or set the strategy back so the rotation can finish",
        [StatusReasons.RollingBack] = "a rollback to the AWSPREVIOUS version is running (status.rollback): wait for it; if it is interrupted the operator resumes it",
        [StatusReasons.RolledBack] = "the last rollback made the AWSPREVIOUS version AWSCURRENT again and put its credential back on the target; the version rolled away from is now AWSPREVIOUS",
        [StatusReasons.RollbackRefused] = "the operator refused the rollback and changed nothing: read the message (no AWSPREVIOUS, a rotation in flight, the previous credential no longer works, or a strategy it cannot roll back), fix the cause, then ask again with `kubectl rotator rollback`",
        [StatusReasons.RollbackFailed] = "a rollback attempt failed (the target or AWS did not answer) and is retried: read status.rollback.lastError; fix the cause if it repeats",
        [StatusReasons.WaitingForRollout] = "the new version is in place and the operator waits for the restarted workloads to roll out before finishing: check the workloads' rollout",
        [StatusReasons.AwaitingApproval] = "a rotation stored its new version as AWSPENDING and waits for a person's approval before it changes anything else (spec.rotation.approval: Manual): approve it with `kubectl rotator approve NAME`, or let it be discarded when spec.rotation.approvalTimeout passes",
        [StatusReasons.ApprovalExpired] = "nobody approved the last rotation within spec.rotation.approvalTimeout: its pending version was discarded and the credential never changed; request a new rotation with `kubectl rotator rotate`, then approve it",
        [StatusReasons.Approved] = "the pending version was approved: the rotation continues with setSecret, testSecret and finishSecret",
        [StatusReasons.ApprovalIgnored] = "the rotator.io/approve annotation names a version other than the one awaiting approval, so it approved nothing: run `kubectl rotator approve NAME` to approve the pending one",
        [StatusReasons.ChangedOutside] = "the AWS secret changed outside the operator (a new AWSCURRENT): the Secret was updated to follow it; make sure that change was intended",
        [StatusReasons.NoRestartNeeded] = "no workload needs a restart for the current version",
        [StatusReasons.RolloutInProgress] = "restarted workloads are still rolling out: wait, or check them with `kubectl rollout status`",
        [StatusReasons.RolledOut] = "every restarted workload runs with the current version",
        [StatusReasons.RolloutDegraded] = "a restarted workload is not becoming ready: check its pods (`kubectl describe`) — they may fail with the new credentials",
        [StatusReasons.Restarted] = "workloads using the Secret were restarted to pick up the new version",
        [StatusReasons.RestartTargetMissing] = "a workload named in spec.restart.targets does not exist: fix the name or kind, or remove it",
        [StatusReasons.RestartFailed] = "restarting a workload failed: check the operator's RBAC for patching that workload and read the message",
        [StatusReasons.SecretCreated] = "the operator created the Kubernetes Secret",
        [StatusReasons.SecretUpdated] = "the operator updated the Kubernetes Secret with a new version",
        [StatusReasons.SecretDeleted] = "the operator deleted the Kubernetes Secret (deletion policy Delete)",
        [StatusReasons.TargetTerminating] = "the Kubernetes Secret is being deleted (a finalizer of another tool holds it): the operator re-creates it once it is gone",
        [StatusReasons.TargetTypeChange] = "spec.target.type differs from the existing Secret's type, which cannot change in place; nothing was changed: delete the Secret when its consumers can do without it for a moment (it is re-created at once with the new type), or set target.type back",
        [StatusReasons.InvalidTemplate] = "a template in spec.target.template uses an unknown filter (known: urlencode, base64): fix the template",
        [StatusReasons.SecretRetained] = "the Kubernetes Secret was kept when the RotatingSecret went away (deletion policy Retain)",
    };

    /// <summary>The explanation of a condition reason; a strategy's refusal code on <c>Rotating</c> is explained too.</summary>
    public static string Explain(string reason) =>
        All.TryGetValue(reason, out var text) || DatabaseReasonExplanations.All.TryGetValue(reason, out text)
            || StrategyReasonExplanations.All.TryGetValue(reason, out text)
            ? text
            : "a reason this plugin does not know: read the message and the operator's documentation";
}
