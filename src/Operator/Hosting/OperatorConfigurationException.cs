namespace Rotator.Operator.Hosting;

/// <summary>A setting is unknown, malformed or out of range; the message names it and what is expected.</summary>
public sealed class OperatorConfigurationException : Exception
{
    public OperatorConfigurationException()
    {
    }

    public OperatorConfigurationException(string message)
        : base(message)
    {
    }

    public OperatorConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
