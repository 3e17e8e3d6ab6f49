namespace Rotator.Rotation.Aws;

/// <summary>Constants of the AWS JSON 1.1 wire protocol used by Secrets Manager and Directory Service.</summary>
public static class AwsJsonProtocol
{
    public const string ContentType = "application/x-amz-json-1.1";

    /// <summary>The request id header on every answer (the Query protocol has it too).</summary>
    public const string RequestIdHeader = "x-amzn-RequestId";

    /// <summary>The error code header, a fallback for error bodies that are not JSON.</summary>
    public const string ErrorTypeHeader = "x-amzn-ErrorType";
}
