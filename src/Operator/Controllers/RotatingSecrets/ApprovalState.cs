namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>Where a rotation stands at the approval gate (approval Manual), and so what this reconcile does with it.</summary>
public enum ApprovalState
{
    /// <summary>No gate: approval Automatic, or the rotation started without one. The steps run.</summary>
    NotRequired,

    /// <summary>rotator.io/approve names the pending version (now or earlier): the remaining steps run.</summary>
    Approved,

    /// <summary>AWSPENDING is not known to be stored yet: run createSecret, then stop before setSecret.</summary>
    Hold,

    /// <summary>AWSPENDING is stored and no approval names it: touch nothing in AWS or on the target.</summary>
    Waiting,

    /// <summary>The approval timeout passed without an approval: discard the pending version.</summary>
    Expired,
}
