namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>The label and annotation names the operator puts on a mirrored Secret, in one place so the informer's selector, the mirror and the docs agree.</summary>
public static class MirrorLabels
{
    /// <summary>Well-known label naming the tool that manages an object; the Secret informer selects on it.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>Value of <see cref="ManagedBy"/> on Secrets Rotator mirrors into.</summary>
    public const string ManagedByValue = "rotator";

    /// <summary><see cref="ManagedBy"/>=<see cref="ManagedByValue"/> as a label selector.</summary>
    public const string ManagedBySelector = ManagedBy + "=" + ManagedByValue;

    /// <summary>Annotation carrying the AWS VersionId the Secret's data was rendered from.</summary>
    public const string VersionId = "rotator.io/version-id";

    /// <summary>
    /// Annotation recording, when the Secret's data last changed over an existing Secret, the version whose data it
    /// replaced (<see cref="Unknown"/> when that data carried no version: an adopted Secret). Pods that started before
    /// that change may hold the replaced data, so a pass that lost the status (a crash between the write and the
    /// restarts on a first pass, a re-created RotatingSecret, a restore from backup) still knows to restart them.
    /// </summary>
    public const string ReplacedVersionId = "rotator.io/replaced-version-id";

    /// <summary>Value of <see cref="ReplacedVersionId"/> for replaced data that carried no version annotation.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// Annotations listing the label and annotation keys that came from <c>target.labels</c> and <c>target.annotations</c>
    /// (comma-separated; Kubernetes keys cannot hold a comma). They are what lets a key removed from the spec be removed
    /// from the Secret without touching keys other tools set, as <c>kubectl apply</c>'s last-applied record does.
    /// </summary>
    public const string ManagedLabels = "rotator.io/managed-labels";

    /// <inheritdoc cref="ManagedLabels"/>
    public const string ManagedAnnotations = "rotator.io/managed-annotations";
}
