using System.Collections.Concurrent;
using Rotator.Rotation.Aws;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Aws.Sts;
using Rotator.Rotation.Drift;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>
/// Builds and caches AWS clients per region and role. One transport (connection pool, retry budget,
/// write rate limit) is shared by all of them, so a thousand resources do not open a thousand pools.
/// A role is assumed per resource (session tags name its namespace and name, so IAM policies can scope
/// by tenant); resources without a role share the operator's own identity.
/// </summary>
public sealed class AwsClients : IAwsClients, IDisposable
{
    private readonly AwsTransport transport;
    private readonly HttpClient directoryHttp;
    private readonly IAwsCredentialSource operatorIdentity;
    private readonly Func<string?, AwsEndpointSettings> endpoints;
    private readonly string? defaultRegion;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<(string? Region, string? Role, string Ns, string Name), ISecretsManager> clients = new();
    private readonly ConcurrentDictionary<(string? Region, string? Role, string Ns, string Name), IDirectoryService> directories = new();
    private readonly ConcurrentDictionary<(string? Region, string? Role, string Ns, string Name), SecretCatalog> catalogs = new();
    private readonly ConcurrentDictionary<(string Role, string Ns, string Name, string Region), AssumeRoleCredentialSource> roles = new();

    /// <param name="transport">The shared HTTP transport.</param>
    /// <param name="directoryHttp">HTTP client for Directory Service, whose client signs through the SDK and has its own sender.</param>
    /// <param name="operatorIdentity">The operator's own credentials (the default chain in production).</param>
    /// <param name="endpoints">Endpoint settings for a region (null = the environment's); <see cref="AwsEndpointSettings.FromEnvironment"/> in production.</param>
    /// <param name="defaultRegion">The operator's configured region, if any; the environment's otherwise.</param>
    /// <param name="time">Clock for credential refresh.</param>
    public AwsClients(AwsTransport transport, HttpClient directoryHttp, IAwsCredentialSource operatorIdentity, Func<string?, AwsEndpointSettings> endpoints, string? defaultRegion, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(operatorIdentity);
        ArgumentNullException.ThrowIfNull(endpoints);
        this.transport = transport;
        this.directoryHttp = directoryHttp;
        this.operatorIdentity = operatorIdentity;
        this.endpoints = endpoints;
        this.defaultRegion = defaultRegion;
        this.time = time;
    }

    public ISecretsManager SecretsManager(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var key = KeyOf(scope);
        var region = key.Region;
        return clients.GetOrAdd(key, _ =>
        {
            var settings = endpoints(region);
            var endpoint = AwsEndpointResolver.Resolve(AwsService.SecretsManager, settings);
            return new SecretsManagerClient(new AwsJsonClient(transport, Credentials(scope, settings, endpoint.Region)), endpoint);
        });
    }

    /// <summary>How catalogs decide to list; set before the first resource is reconciled.</summary>
    public SecretCatalogOptions CatalogOptions { get; init; } = new();

    /// <summary>Logs of the catalogs (listing abandoned, denied or failing).</summary>
    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    public SecretCatalog Catalog(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return catalogs.GetOrAdd(KeyOf(scope), _ => new SecretCatalog(SecretsManager(scope), CatalogOptions, time, Loggers.CreateLogger<SecretCatalog>()));
    }

    public IDirectoryService DirectoryService(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var key = KeyOf(scope);
        var region = key.Region;
        return directories.GetOrAdd(key, _ =>
        {
            var settings = endpoints(region);
            var endpoint = AwsEndpointResolver.Resolve(AwsService.DirectoryService, settings);
            var options = new DirectoryServiceClientOptions(endpoint.Region) { Endpoint = endpoint.Url };
            return new DirectoryServiceClient(directoryHttp, options, new SdkCredentials(Credentials(scope, settings, endpoint.Region)));
        });
    }

    /// <summary>
    /// Which shared client (and catalog) a resource uses. Without a role every resource of a region shares
    /// one: the key leaves out who asked. With one, each resource has its own, dropped by <see cref="Forget"/>.
    /// </summary>
    private (string? Region, string? Role, string Ns, string Name) KeyOf(AwsScope scope)
    {
        var region = scope.Region ?? defaultRegion;
        return scope.RoleArn is null ? (region, null, "", "") : (region, scope.RoleArn, scope.Namespace, scope.Name);
    }

    /// <summary>Drops the cached clients of a deleted resource (its assumed role is no longer needed).</summary>
    public void Forget(string ns, string name)
    {
        foreach (var key in clients.Keys.Where(k => k.Role is not null && k.Ns == ns && k.Name == name))
        {
            clients.TryRemove(key, out _);
        }

        foreach (var key in directories.Keys.Where(k => k.Role is not null && k.Ns == ns && k.Name == name))
        {
            directories.TryRemove(key, out _);
        }

        foreach (var key in catalogs.Keys.Where(k => k.Role is not null && k.Ns == ns && k.Name == name))
        {
            catalogs.TryRemove(key, out _);
        }

        foreach (var key in roles.Keys.Where(k => k.Ns == ns && k.Name == name))
        {
            if (roles.TryRemove(key, out var role))
            {
                role.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var role in roles.Values)
        {
            role.Dispose();
        }

        roles.Clear();
    }

    private IAwsCredentialSource Credentials(AwsScope scope, AwsEndpointSettings settings, string region)
    {
        if (scope.RoleArn is not { } role)
        {
            return operatorIdentity;
        }

        return roles.GetOrAdd((role, scope.Namespace, scope.Name, region), _ =>
        {
            var sts = new StsClient(transport, AwsEndpointResolver.Resolve(AwsService.Sts, settings));
            return new AssumeRoleCredentialSource(sts, operatorIdentity, new AssumeRoleSettings(role, scope.Namespace, scope.Name), time);
        });
    }
}
