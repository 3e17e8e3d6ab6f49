using System.Runtime.CompilerServices;

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

    /// <summary>
    /// <paramref name="endpoint"/>, checked to be <paramref name="service"/>'s: a client handed another service's
    /// endpoint would sign for, and call, the wrong service.
    /// </summary>
    /// <exception cref="ArgumentException">It is another service's endpoint.</exception>
    public static AwsServiceEndpoint Expect(
        AwsServiceEndpoint endpoint, AwsService service, [CallerArgumentExpression(nameof(endpoint))] string? paramName = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint, paramName);
        ArgumentNullException.ThrowIfNull(service);
        return endpoint.Service == service
            ? endpoint
            : throw new ArgumentException($"{endpoint.Service.EndpointPrefix} is not an endpoint of {service.EndpointPrefix}", paramName);
    }
}
