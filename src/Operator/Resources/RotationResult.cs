namespace Rotator.Operator.Resources;

/// <summary>How a rotation ended.</summary>
public enum RotationResult
{
    Succeeded,
    Failed,
    RolledBack,
}
