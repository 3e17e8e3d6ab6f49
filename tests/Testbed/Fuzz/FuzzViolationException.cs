namespace Rotator.Testbed.Fuzz;

/// <summary>A fuzzed input made the code under test misbehave. The message describes the behaviour, never the input.</summary>
public sealed class FuzzViolationException : Exception
{
    public FuzzViolationException()
    {
    }

    public FuzzViolationException(string message)
        : base(message)
    {
    }

    public FuzzViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
