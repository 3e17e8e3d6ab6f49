namespace Rotator.Rotation.Aws.Endpoints;

/// <summary>What we need to know about an AWS service to reach it: host prefix, SigV4 name, JSON target prefix.</summary>
/// <param name="EndpointPrefix">First label of the regional host name, e.g. <c>secretsmanager</c> in <c>secretsmanager.us-east-1.amazonaws.com</c>.</param>
/// <param name="SigningName">SigV4 service name.</param>
/// <param name="TargetPrefix">Prefix of <c>X-Amz-Target</c> for JSON protocols (<c>{prefix}.{operation}</c>); null for the Query protocol.</param>
/// <param name="EnvironmentName">Suffix of the service-specific endpoint variable, e.g. <c>SECRETS_MANAGER</c> in <c>AWS_ENDPOINT_URL_SECRETS_MANAGER</c>.</param>
public sealed record AwsService(string EndpointPrefix, string SigningName, string? TargetPrefix, string EnvironmentName)
{
    public static AwsService SecretsManager { get; } = new("secretsmanager", "secretsmanager", "secretsmanager", "SECRETS_MANAGER");

    public static AwsService DirectoryService { get; } = new("ds", "ds", "DirectoryService_20150416", "DIRECTORY_SERVICE");

    public static AwsService Sts { get; } = new("sts", "sts", null, "STS");
}
