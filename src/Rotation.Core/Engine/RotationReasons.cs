namespace Rotator.Rotation.Engine;

/// <summary>The engine's machine-readable reasons (Kubernetes condition style). Strategies add their own.</summary>
public static class RotationReasons
{
    public const string Rotated = "Rotated";

    /// <summary>The version was already AWSCURRENT: a replay of a finished rotation.</summary>
    public const string AlreadyCurrent = "AlreadyCurrent";

    public const string SecretNotFound = "SecretNotFound";

    public const string SecretDeleted = "SecretDeleted";

    /// <summary>Another AWS service manages the secret (<c>OwningService</c>); only AwsManaged may rotate it.</summary>
    public const string OwnedByService = "OwnedByService";

    public const string NoCurrentVersion = "NoCurrentVersion";

    /// <summary>An AWSPENDING version of a rotation started elsewhere.</summary>
    public const string RotationInProgress = "RotationInProgress";

    /// <summary>The version id to resume exists but is neither AWSPENDING nor AWSCURRENT.</summary>
    public const string VersionNotPending = "VersionNotPending";

    public const string InvalidVersionId = "InvalidVersionId";

    /// <summary>A step failed for a reason the strategy did not classify.</summary>
    public const string StepFailed = "StepFailed";

    /// <summary>A Secrets Manager call failed.</summary>
    public const string SecretsManagerError = "SecretsManagerError";

    /// <summary>A call to another AWS service a step uses (Directory Service, STS) failed; the message names the service and the error code.</summary>
    public const string AwsError = "AwsError";

    public const string Abandoned = "Abandoned";

    /// <summary>The run stopped before setSecret as asked (<see cref="RotationRequest.HoldBeforeSetSecret"/>).</summary>
    public const string AwaitingApproval = "AwaitingApproval";

    /// <summary>AwsManaged: asked to hold before setSecret, which AWS's own rotation cannot do.</summary>
    public const string HoldUnsupported = "HoldUnsupported";

    /// <summary>AwsManaged: RotateSecret was refused by the service.</summary>
    public const string RotateSecretRejected = "RotateSecretRejected";

    /// <summary>AwsManaged: AWSCURRENT did not move in time.</summary>
    public const string AwsRotationTimedOut = "AwsRotationTimedOut";

    /// <summary>A rollback moved AWSCURRENT back to the AWSPREVIOUS version.</summary>
    public const string RolledBack = "RolledBack";

    /// <summary>A rollback was asked for but the secret has no AWSPREVIOUS version.</summary>
    public const string NoPreviousVersion = "NoPreviousVersion";

    /// <summary>A rollback was refused: the previous version's credential does not work on the target.</summary>
    public const string PreviousCredentialRejected = "PreviousCredentialRejected";

    /// <summary>A resumed rollback found AWSCURRENT moved somewhere it did not put it.</summary>
    public const string LabelsMoved = "LabelsMoved";

    /// <summary>The credential a rotation kept working (dual passwords) was dropped: only the current one works.</summary>
    public const string RetainedCredentialDiscarded = "RetainedCredentialDiscarded";
}
