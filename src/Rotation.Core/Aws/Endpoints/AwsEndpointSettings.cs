namespace Rotator.Rotation.Aws.Endpoints;

/// <summary>
/// The inputs of endpoint resolution. Build it in code (tests, explicit configuration) or with
/// <see cref="FromEnvironment"/>, which reads the variables every AWS SDK honours.
/// </summary>
public sealed record AwsEndpointSettings
{
    /// <summary>Signing region and the region label of default host names.</summary>
    public string? Region { get; init; }

    /// <summary>One URL for every service (<c>AWS_ENDPOINT_URL</c>): moto, LocalStack, a proxy.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Per-service URLs (<c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>); they win over <see cref="EndpointUrl"/>.</summary>
    public IReadOnlyDictionary<AwsService, Uri> ServiceEndpointUrls { get; init; } = new Dictionary<AwsService, Uri>();

    /// <summary>Use FIPS 140 endpoints (<c>{service}-fips.{region}...</c>).</summary>
    public bool UseFips { get; init; }

    /// <summary>Use dual-stack (IPv4 and IPv6) endpoints (<c>{service}.{region}.api.aws</c>).</summary>
    public bool UseDualStack { get; init; }

    /// <summary>
    /// Reads <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, <c>AWS_ENDPOINT_URL</c>,
    /// <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> for the services we call, <c>AWS_USE_FIPS_ENDPOINT</c>,
    /// <c>AWS_USE_DUALSTACK_ENDPOINT</c> and <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c>.
    /// </summary>
    /// <param name="region">An explicit region; wins over the environment.</param>
    /// <param name="getVariable">Environment lookup; the process environment when null (tests pass their own).</param>
    public static AwsEndpointSettings FromEnvironment(string? region = null, Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => getVariable(name) is { Length: > 0 } value ? value.Trim() : null;
        bool Flag(string name) => string.Equals(Get(name), "true", StringComparison.OrdinalIgnoreCase);

        var ignoreUrls = Flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        var perService = new Dictionary<AwsService, Uri>();
        if (!ignoreUrls)
        {
            foreach (var service in new[] { AwsService.SecretsManager, AwsService.DirectoryService, AwsService.Sts })
            {
                var name = "AWS_ENDPOINT_URL_" + service.EnvironmentName;
                if (Get(name) is { } url)
                {
                    perService[service] = ParseUrl(name, url);
                }
            }
        }

        return new AwsEndpointSettings
        {
            Region = region is { Length: > 0 } ? region : Get("AWS_REGION") ?? Get("AWS_DEFAULT_REGION"),
            EndpointUrl = !ignoreUrls && Get("AWS_ENDPOINT_URL") is { } global ? ParseUrl("AWS_ENDPOINT_URL", global) : null,
            ServiceEndpointUrls = perService,
            UseFips = Flag("AWS_USE_FIPS_ENDPOINT"),
            UseDualStack = Flag("AWS_USE_DUALSTACK_ENDPOINT"),
        };
    }

    private static Uri ParseUrl(string variable, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new ArgumentException($"{variable} is not an absolute http(s) URL: '{value}'", nameof(variable));
}
