namespace Rotator.Rotation.Abstractions;

/// <summary>A rotation cannot start: the secret or the target is not in a state the strategy can work with. The message is safe to show (no values).</summary>
public sealed class RotationRefusedException : Exception
{
    public RotationRefusedException()
    {
    }

    public RotationRefusedException(string message)
        : base(message)
    {
    }

    public RotationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Machine-readable reason for conditions and events, e.g. <c>SecretNotJson</c>.</summary>
    public string Reason { get; init; } = "Refused";
}
