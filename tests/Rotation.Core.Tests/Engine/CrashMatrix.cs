using Rotator.Rotation.Engine;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>The fault points of the four-step protocol a crash test must cover, and what each leaves behind.</summary>
internal static class CrashMatrix
{
    /// <summary>Every <see cref="RotationFaultPoint"/> of the engine's four steps (all but AwsManaged's).</summary>
    public static readonly RotationFaultPoint[] Points =
    [
        RotationFaultPoint.AfterCreateSecret,
        RotationFaultPoint.AfterSetSecret,
        RotationFaultPoint.AfterTestSecret,
        RotationFaultPoint.BeforeLabelMove,
        RotationFaultPoint.AfterCurrentMoved,
        RotationFaultPoint.AfterFinishSecret,
    ];

    /// <summary>Whether a crash there leaves AWSCURRENT on the new version already.</summary>
    public static bool CurrentMoved(RotationFaultPoint point) => point is RotationFaultPoint.AfterCurrentMoved or RotationFaultPoint.AfterFinishSecret;
}
