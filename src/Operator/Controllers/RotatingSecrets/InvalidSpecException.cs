namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>A spec the schema accepted but the operator cannot act on; the message names the field.</summary>
public sealed class InvalidSpecException : Exception
{
    public InvalidSpecException()
    {
    }

    public InvalidSpecException(string message)
        : base(message)
    {
    }

    public InvalidSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
