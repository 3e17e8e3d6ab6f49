namespace Rotator.Rotation.Engine;

/// <summary>AWS's own rotation did not finish in the time allowed. The message is safe to show.</summary>
public sealed class RotationTimedOutException : Exception
{
    public RotationTimedOutException()
    {
    }

    public RotationTimedOutException(string message)
        : base(message)
    {
    }

    public RotationTimedOutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
