namespace Rotator.Rotation.Engine;

/// <summary>Which <see cref="IRotationObserver"/> call a recorded event came from.</summary>
public enum RotationEventKind
{
    Started,
    Finished,
    Failed,
}
