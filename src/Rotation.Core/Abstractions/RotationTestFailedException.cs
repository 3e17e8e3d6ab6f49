namespace Rotator.Rotation.Abstractions;

/// <summary>testSecret failed: the pending credential does not work on the target. The message is safe to show (no values).</summary>
public sealed class RotationTestFailedException : Exception
{
    public RotationTestFailedException()
    {
    }

    public RotationTestFailedException(string message)
        : base(message)
    {
    }

    public RotationTestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Machine-readable reason for conditions and events, e.g. <c>SecretNotJson</c>.</summary>
    public string Reason { get; init; } = "TestFailed";

    /// <summary>
    /// Whether the target answered and turned the credential down (or the value itself is wrong), as opposed to
    /// not answering: a rollback refuses the former for good and retries the latter.
    /// </summary>
    public bool Rejected { get; init; } = true;
}
