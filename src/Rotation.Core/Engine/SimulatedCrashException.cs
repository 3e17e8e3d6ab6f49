namespace Rotator.Rotation.Engine;

/// <summary>Thrown by a test's <see cref="IRotationFaultInjector"/> to stop the engine as if its process had died.</summary>
public sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SimulatedCrashException(RotationFaultPoint point)
        : base($"simulated crash at {point}")
    {
        Point = point;
    }

    public RotationFaultPoint? Point { get; }
}
