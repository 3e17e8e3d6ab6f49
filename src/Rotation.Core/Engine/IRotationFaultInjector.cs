namespace Rotator.Rotation.Engine;

/// <summary>
/// Lets crash tests stop the engine at a named point by throwing (usually a <see cref="SimulatedCrashException"/>,
/// which the engine lets through untouched, like a process dying). Production passes none.
/// </summary>
public interface IRotationFaultInjector
{
    void Reached(RotationFaultPoint point, string secretId, string versionId);
}
