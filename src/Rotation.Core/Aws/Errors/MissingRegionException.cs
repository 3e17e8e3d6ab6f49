namespace Rotator.Rotation.Aws.Errors;

/// <summary>
/// No AWS region is known for a call: none given explicitly, and neither <c>AWS_REGION</c> nor
/// <c>AWS_DEFAULT_REGION</c> is set. A configuration problem a person fixes, not a failure of AWS.
/// </summary>
/// <remarks>An <see cref="InvalidOperationException"/>, as endpoint resolution has always thrown one for this.</remarks>
public sealed class MissingRegionException : InvalidOperationException
{
    public MissingRegionException()
        : base("no AWS region: set it explicitly, or AWS_REGION / AWS_DEFAULT_REGION")
    {
    }

    public MissingRegionException(string message)
        : base(message)
    {
    }

    public MissingRegionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
