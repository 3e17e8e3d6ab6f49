namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Condition and event reasons (CamelCase, as Kubernetes conventions ask). Each names something a user
/// can act on; the messages that go with them never carry a secret value.
/// </summary>
public static class StatusReasons
{
    public const string Mirrored = "Mirrored";
    public const string InvalidSpec = "InvalidSpec";
    public const string NotAllowed = "NotAllowed";
    public const string SecretNotFound = "SecretNotFound";
    public const string AwsError = "AwsError";
    public const string SecretNotOwned = "SecretNotOwned";
    public const string MirrorFailed = "MirrorFailed";
    public const string KubernetesError = "KubernetesError";

    /// <summary>The target Secret is being deleted; it is re-created once it is gone.</summary>
    public const string TargetTerminating = "TargetTerminating";

    /// <summary><c>target.type</c> differs from the existing Secret's type, which cannot change in place.</summary>
    public const string TargetTypeChange = "TargetTypeChange";

    /// <summary>A <c>target.template</c> uses an unknown filter.</summary>
    public const string InvalidTemplate = "InvalidTemplate";
    public const string RotationFailed = "RotationFailed";
    public const string RotationRefused = "RotationRefused";

    public const string Idle = "Idle";
    public const string Suspended = "Suspended";
    public const string RotationStarted = "RotationStarted";
    public const string RotationResumed = "RotationResumed";
    public const string RetryingRotation = "RetryingRotation";
    public const string Rotated = "Rotated";
    public const string RotationAbandoned = "RotationAbandoned";

    /// <summary>A rotation was in flight when the strategy was set to None: neither finished nor undone.</summary>
    public const string RotationOrphaned = "RotationOrphaned";
    /// <summary>A rollback to AWSPREVIOUS is in flight.</summary>
    public const string RollingBack = "RollingBack";

    /// <summary>A rollback made the AWSPREVIOUS version AWSCURRENT again.</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>A rollback was refused; nothing was changed.</summary>
    public const string RollbackRefused = "RollbackRefused";

    /// <summary>A rollback attempt failed and is retried (the target or AWS did not answer).</summary>
    public const string RollbackFailed = "RollbackFailed";

    public const string WaitingForRollout = "WaitingForRollout";

    /// <summary>Approval Manual: AWSPENDING is stored and setSecret waits for rotator.io/approve to name the version.</summary>
    public const string AwaitingApproval = "AwaitingApproval";

    /// <summary>rotator.io/approve named the pending version: the rotation continues.</summary>
    public const string Approved = "Approved";

    /// <summary>rotator.io/approve names a version other than the pending one, so it approves nothing.</summary>
    public const string ApprovalIgnored = "ApprovalIgnored";

    /// <summary>The approval timeout passed: the pending version was discarded, the target never changed.</summary>
    public const string ApprovalExpired = "ApprovalExpired";
    public const string ChangedOutside = "ChangedOutside";

    public const string NoRestartNeeded = "NoRestartNeeded";
    public const string RolloutInProgress = "RolloutInProgress";
    public const string RolledOut = "RolledOut";
    public const string RolloutDegraded = "RolloutDegraded";
    public const string Restarted = "Restarted";
    public const string RestartTargetMissing = "RestartTargetMissing";
    public const string RestartFailed = "RestartFailed";

    public const string SecretCreated = "SecretCreated";
    public const string SecretUpdated = "SecretUpdated";
    public const string SecretDeleted = "SecretDeleted";
    public const string SecretRetained = "SecretRetained";
}
