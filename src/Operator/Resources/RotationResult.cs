namespace Rotator.Operator.Resources;

/// <summary>How a rotation ended.</summary>
public enum RotationResult
{
    Succeeded,
    Failed,
    RolledBack,

    /// <summary>Approval Manual: nobody approved the pending version within approvalTimeout, so it was discarded (AWSPENDING removed, the target never changed).</summary>
    Expired,
}
