namespace Rotator.Rotation.Aws.Credentials;

/// <summary>No usable AWS credentials could be found or obtained (before any service call was made).</summary>
public sealed class AwsCredentialsException : Exception
{
    public AwsCredentialsException()
    {
    }

    public AwsCredentialsException(string message)
        : base(message)
    {
    }

    public AwsCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
