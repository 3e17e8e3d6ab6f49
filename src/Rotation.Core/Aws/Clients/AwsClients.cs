using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Rotator.Rotation.Aws.Credentials;
using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Aws.Sts;
using Rotator.Rotation.Drift;

namespace Rotator.Rotation.Aws.Clients;

/// <summary>
/// The AWS client manager: builds and caches the clients of each region, role and session tags (see
/// <see cref="AwsClientKey"/>). Every client goes through the one <see cref="AwsTransport"/> of the process, so a
/// thousand resources share one connection pool and one write budget, and every call is counted by its observer.
/// A role is assumed per resource (session tags name its namespace and name, so IAM policies can scope by tenant);
/// resources without a role share the operator's own identity.
/// </summary>
public sealed class AwsClients : IAwsClients, IDisposable
{
    private readonly AwsTransport transport;
    private readonly IAwsCredentialSource operatorIdentity;
    private readonly Func<string?, AwsEndpointSettings> endpoints;
    private readonly string? defaultRegion;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<AwsClientKey, AwsClientSet> sets = new();

    // Building a set is cheap (no call is made), but it may assume a role that must be disposed: one builder at a time
    // keeps a lost race from leaving one behind.
    private readonly Lock building = new();

    /// <param name="transport">The shared transport: signing, retries, the write budget, the call observer.</param>
    /// <param name="operatorIdentity">The operator's own credentials (the default chain in production).</param>
    /// <param name="endpoints">Endpoint settings for a region (null = the environment's); <see cref="AwsEndpointSettings.FromEnvironment"/> in production.</param>
    /// <param name="defaultRegion">The operator's configured region, if any; the environment's otherwise.</param>
    /// <param name="time">Clock for credential refresh and the catalogs.</param>
    public AwsClients(AwsTransport transport, IAwsCredentialSource operatorIdentity, Func<string?, AwsEndpointSettings> endpoints, string? defaultRegion, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(operatorIdentity);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(time);
        this.transport = transport;
        this.operatorIdentity = operatorIdentity;
        this.endpoints = endpoints;
        this.defaultRegion = defaultRegion;
        this.time = time;
    }

    /// <summary>How catalogs decide to list; set before the first resource is reconciled.</summary>
    public SecretCatalogOptions CatalogOptions { get; init; } = new();

    /// <summary>Logs of the catalogs (listing abandoned, denied or failing).</summary>
    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    public ISecretsManager SecretsManager(AwsScope scope) => SetOf(scope).SecretsManager;

    public SecretCatalog Catalog(AwsScope scope) => SetOf(scope).Catalog;

    public IDirectoryService DirectoryService(AwsScope scope) => SetOf(scope).DirectoryService;

    /// <summary>Drops the cached clients of a deleted resource (its assumed role is no longer needed).</summary>
    public void Forget(string ns, string name)
    {
        lock (building)
        {
            foreach (var key in sets.Keys.Where(k => k.AssumedFor(ns, name)))
            {
                if (sets.TryRemove(key, out var set))
                {
                    set.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        lock (building)
        {
            foreach (var set in sets.Values)
            {
                set.Dispose();
            }

            sets.Clear();
        }
    }

    private AwsClientSet SetOf(AwsScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var key = AwsClientKey.Of(scope, defaultRegion);
        if (sets.TryGetValue(key, out var found))
        {
            return found;
        }

        lock (building)
        {
            if (sets.TryGetValue(key, out found))
            {
                return found;
            }

            var built = Build(key);
            sets[key] = built;
            return built;
        }
    }

    private AwsClientSet Build(AwsClientKey key)
    {
        var settings = endpoints(key.Region);
        AssumeRoleCredentialSource? role = null;
        if (key.RoleArn is { } roleArn)
        {
            var sts = new StsClient(transport, AwsEndpointResolver.Resolve(AwsService.Sts, settings));
            role = new AssumeRoleCredentialSource(sts, operatorIdentity, new AssumeRoleSettings(roleArn, key.Namespace, key.Name), time);
        }

        try
        {
            var json = new AwsJsonClient(transport, (IAwsCredentialSource?)role ?? operatorIdentity);
            return new AwsClientSet(json, settings, role, secrets => new SecretCatalog(secrets, CatalogOptions, time, Loggers.CreateLogger<SecretCatalog>()));
        }
        catch
        {
            role?.Dispose();
            throw;
        }
    }
}
