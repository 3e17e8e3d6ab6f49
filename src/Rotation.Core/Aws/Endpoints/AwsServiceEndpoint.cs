namespace Rotator.Rotation.Aws.Endpoints;

/// <summary>A service at a resolved URL in a region: everything a call needs besides credentials.</summary>
/// <param name="Service">The service.</param>
/// <param name="Url">Scheme, host and port requests are POSTed to; every call goes to the path <c>/</c>.</param>
/// <param name="Region">The SigV4 signing region.</param>
public sealed record AwsServiceEndpoint(AwsService Service, Uri Url, string Region)
{
    public string SigningName => Service.SigningName;

    /// <summary>The <c>X-Amz-Target</c> header of a JSON-protocol operation.</summary>
    public string Target(string operation) => Service.TargetPrefix is { } prefix
        ? $"{prefix}.{operation}"
        : throw new InvalidOperationException($"{Service.EndpointPrefix} does not speak a JSON protocol (no X-Amz-Target prefix)");
}
