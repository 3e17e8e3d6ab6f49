using Rotator.Rotation.Engine;

namespace Rotator.Rotation.Tests.Engine;

/// <summary>Stops the engine at one fault point, as if its process died there; remembers the version id it saw.</summary>
internal sealed class CrashAt(RotationFaultPoint point) : IRotationFaultInjector
{
    public string? VersionId { get; private set; }

    public List<RotationFaultPoint> Reached { get; } = [];

    void IRotationFaultInjector.Reached(RotationFaultPoint reached, string secretId, string versionId)
    {
        VersionId = versionId;
        Reached.Add(reached);
        if (reached == point)
        {
            throw new SimulatedCrashException(point);
        }
    }
}
