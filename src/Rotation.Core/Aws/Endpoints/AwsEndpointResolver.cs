using System.Text.RegularExpressions;
using Rotator.Rotation.Aws.Errors;

namespace Rotator.Rotation.Aws.Endpoints;

/// <summary>
/// Turns a service and <see cref="AwsEndpointSettings"/> into a URL and signing region, following the
/// SDKs' rules: a service-specific override wins over the global one, which wins over the regional
/// default; FIPS and dual-stack change the default host name only.
/// </summary>
/// <remarks>
/// Only the <c>aws</c> and <c>aws-cn</c> partitions have default host names here; GovCloud uses the
/// <c>aws</c> suffix, and the isolated partitions need an explicit endpoint URL.
/// </remarks>
public static partial class AwsEndpointResolver
{
    /// <exception cref="MissingRegionException"><paramref name="settings"/> names no region.</exception>
    public static AwsServiceEndpoint Resolve(AwsService service, AwsEndpointSettings settings)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(settings);
        var region = settings.Region ?? throw new MissingRegionException();

        // The region becomes part of a host name: refuse anything that could change which host that is.
        if (!RegionPattern().IsMatch(region))
        {
            throw new ArgumentException($"'{region}' is not an AWS region name", nameof(settings));
        }

        if (settings.ServiceEndpointUrls.TryGetValue(service, out var specific))
        {
            return new AwsServiceEndpoint(service, specific, region);
        }

        if (settings.EndpointUrl is { } global)
        {
            return new AwsServiceEndpoint(service, global, region);
        }

        var china = region.StartsWith("cn-", StringComparison.Ordinal);
        var suffix = (settings.UseDualStack, china) switch
        {
            (false, false) => "amazonaws.com",
            (false, true) => "amazonaws.com.cn",
            (true, false) => "api.aws",
            (true, true) => "api.amazonwebservices.com.cn",
        };
        var prefix = settings.UseFips ? service.EndpointPrefix + "-fips" : service.EndpointPrefix;
        return new AwsServiceEndpoint(service, new Uri($"https://{prefix}.{region}.{suffix}"), region);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
