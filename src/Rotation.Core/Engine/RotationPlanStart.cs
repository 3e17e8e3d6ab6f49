namespace Rotator.Rotation.Engine;

/// <summary>How far a rotation had got when a run picks it up.</summary>
internal enum RotationPlanStart
{
    /// <summary>Nothing stored yet: createSecret makes the pending value.</summary>
    New,

    /// <summary>AWSPENDING holds the value: createSecret reads it, the later steps re-run.</summary>
    Pending,

    /// <summary>Already AWSCURRENT: only the AWSPENDING cleanup may be left.</summary>
    Current,
}
