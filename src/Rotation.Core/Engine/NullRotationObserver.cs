namespace Rotator.Rotation.Engine;

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRotationObserver : IRotationObserver
{
    public static NullRotationObserver Instance { get; } = new();

    public void StepStarted(RotationStepEvent step)
    {
    }

    public void StepFinished(RotationStepEvent step)
    {
    }

    public void StepFailed(RotationStepEvent step)
    {
    }
}
