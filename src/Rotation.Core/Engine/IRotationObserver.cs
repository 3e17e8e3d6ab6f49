namespace Rotator.Rotation.Engine;

/// <summary>
/// Sees each step start, finish or fail, to turn into status, events and metrics. Called on the rotation's
/// own flow: keep it quick and do not throw.
/// </summary>
public interface IRotationObserver
{
    void StepStarted(RotationStepEvent step);

    void StepFinished(RotationStepEvent step);

    void StepFailed(RotationStepEvent step);
}
