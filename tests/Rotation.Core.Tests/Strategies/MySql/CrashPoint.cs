namespace Rotator.Rotation.Tests.Strategies.MySql;

/// <summary>Where <see cref="FourStepDriver"/> stops, as if the operator died there.</summary>
public enum CrashPoint
{
    /// <summary>Run to the end.</summary>
    None,

    /// <summary>After AWSPENDING was stored.</summary>
    AfterCreateSecret,

    /// <summary>After the target accepted the pending credentials.</summary>
    AfterSetSecret,

    /// <summary>After the pending credentials passed the test.</summary>
    AfterTestSecret,

    /// <summary>Inside finishSecret: AWSCURRENT moved to the new version, AWSPENDING not yet removed.</summary>
    AfterCurrentLabelMoved,
}
