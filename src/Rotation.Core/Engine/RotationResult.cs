namespace Rotator.Rotation.Engine;

/// <summary>How a rotation run ended; the values of the API's <c>history[].result</c> plus <see cref="Refused"/> and <see cref="AwaitingApproval"/>.</summary>
public enum RotationResult
{
    /// <summary>The new version is AWSCURRENT and AWSPENDING is gone.</summary>
    Succeeded,

    /// <summary>A step failed. AWSPENDING stays, so a run with the same version id resumes.</summary>
    Failed,

    /// <summary>The rotation was given up: AWSPENDING removed, AWSCURRENT never moved.</summary>
    RolledBack,

    /// <summary>Nothing was changed: the secret or the target is not in a state the rotation may start from.</summary>
    Refused,

    /// <summary>
    /// <see cref="RotationRequest.HoldBeforeSetSecret"/>: AWSPENDING is stored and nothing else was changed; a run
    /// of the same version id without the flag continues it, abandoning it removes AWSPENDING.
    /// </summary>
    AwaitingApproval,
}
