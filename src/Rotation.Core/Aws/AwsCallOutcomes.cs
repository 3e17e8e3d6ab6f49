namespace Rotator.Rotation.Aws;

/// <summary>
/// The outcome labels an <see cref="IAwsCallObserver"/> receives. A final failure that is not one of
/// these is reported by its AWS error code (e.g. <c>ResourceNotFoundException</c>), so the label set
/// stays bounded by the services' own error vocabulary.
/// </summary>
public static class AwsCallOutcomes
{
    public const string Success = "success";

    /// <summary>The service throttled the attempt (whether or not a retry follows).</summary>
    public const string Throttled = "throttled";

    /// <summary>A 5xx answer, a timeout or a connection failure that is followed by another attempt.</summary>
    public const string Retried = "retried";

    /// <summary>The last attempt ran out of time.</summary>
    public const string Timeout = "timeout";

    /// <summary>The last attempt could not connect or lost the connection.</summary>
    public const string ConnectionError = "connection_error";
}
