using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Engine;

/// <summary>Step names as AWS spells them (and as the API's <c>status.rotation.step</c> shows them).</summary>
public static class RotationStepNames
{
    public const string CreateSecret = "createSecret";

    public const string SetSecret = "setSecret";

    public const string TestSecret = "testSecret";

    public const string FinishSecret = "finishSecret";

    /// <summary>AwsManaged: asking Secrets Manager to rotate.</summary>
    public const string RotateSecret = "rotateSecret";

    /// <summary>AwsManaged: waiting for AWSCURRENT to move.</summary>
    public const string AwaitRotation = "awaitRotation";

    public static string Of(RotationStep step) => step switch
    {
        RotationStep.CreateSecret => CreateSecret,
        RotationStep.SetSecret => SetSecret,
        RotationStep.TestSecret => TestSecret,
        RotationStep.FinishSecret => FinishSecret,
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, "not a rotation step"),
    };
}
