namespace Rotator.Rotation.Aws.Errors;

/// <summary>
/// A response could not be read. Deliberately carries no inner exception: parser messages quote the
/// offending text, and a response body may hold a secret value.
/// </summary>
public sealed class AwsResponseFormatException : Exception
{
    public AwsResponseFormatException()
    {
    }

    public AwsResponseFormatException(string message)
        : base(message)
    {
    }

    public AwsResponseFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
