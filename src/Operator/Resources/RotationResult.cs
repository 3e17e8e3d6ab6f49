namespace Rotator.Operator.Resources;

/// <summary>How a rotation ended (<c>RolledBack</c>: given up, AWSPENDING removed), or <c>Reverted</c> for a rollback to this version.</summary>
public enum RotationResult
{
    Succeeded,
    Failed,
    RolledBack,

    /// <summary>A rollback (<c>rotator.io/rollback</c>) made this version AWSCURRENT again.</summary>
    Reverted,

    /// <summary>Approval Manual: nobody approved the pending version within approvalTimeout, so it was discarded (AWSPENDING removed, the target never changed).</summary>
    Expired,
}
