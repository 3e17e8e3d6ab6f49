namespace Rotator.Api;

/// <summary>
/// The annotations a person (or <c>kubectl rotator</c>) sets on a RotatingSecret to ask the operator for something.
/// Each is acted on once per value, so re-applying a manifest or an Argo CD sync never asks twice.
/// </summary>
public static class RequestAnnotations
{
    /// <summary>Every new value requests one rotation.</summary>
    public const string RotateNow = "rotator.io/rotate-now";

    /// <summary>Every new value asks for one rollback to AWSPREVIOUS.</summary>
    public const string Rollback = "rotator.io/rollback";

    /// <summary>Approves the pending version it names (<c>spec.rotation.approval: Manual</c>).</summary>
    public const string Approve = "rotator.io/approve";
}
