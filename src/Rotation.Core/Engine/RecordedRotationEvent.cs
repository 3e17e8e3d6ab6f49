namespace Rotator.Rotation.Engine;

/// <summary>One call an <see cref="InMemoryRotationObserver"/> received.</summary>
public sealed record RecordedRotationEvent(RotationEventKind Kind, RotationStepEvent Step);
