namespace Rotator.Rotation.Aws;

/// <summary>Constants of the AWS JSON 1.1 wire protocol used by Secrets Manager and Directory Service.</summary>
public static class AwsJsonProtocol
{
    public const string ContentType = "application/x-amz-json-1.1";
}
