namespace Rotator.Rotation.Engine;

/// <summary>Where the engine consults an <see cref="IRotationFaultInjector"/>: the places a crash leaves a distinct state behind.</summary>
public enum RotationFaultPoint
{
    /// <summary>AWSPENDING holds the new value; the target is untouched.</summary>
    AfterCreateSecret,

    /// <summary>The target accepts the pending credential.</summary>
    AfterSetSecret,

    AfterTestSecret,

    /// <summary>Inside finishSecret, after the target change and before any label moves.</summary>
    BeforeLabelMove,

    /// <summary>AWSCURRENT moved, AWSPENDING not yet removed.</summary>
    AfterCurrentMoved,

    AfterFinishSecret,

    /// <summary>AwsManaged: RotateSecret accepted, nothing awaited yet.</summary>
    AfterRotateSecret,
}
