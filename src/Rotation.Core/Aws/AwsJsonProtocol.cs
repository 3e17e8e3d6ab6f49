namespace Rotator.Rotation.Aws;

/// <summary>Constants of the AWS wire protocols we speak: JSON 1.1 (Secrets Manager, Directory Service) and Query (STS).</summary>
public static class AwsJsonProtocol
{
    public const string ContentType = "application/x-amz-json-1.1";

    public const string QueryContentType = "application/x-www-form-urlencoded; charset=utf-8";

    public const string RequestIdHeader = "x-amzn-RequestId";

    public const string ErrorTypeHeader = "x-amzn-ErrorType";
}
