namespace Rotator.Rotation.Abstractions;

/// <summary>The four steps of AWS's rotation protocol, in order.</summary>
public enum RotationStep
{
    CreateSecret,
    SetSecret,
    TestSecret,
    FinishSecret,
}
