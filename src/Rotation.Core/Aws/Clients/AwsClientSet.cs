using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Endpoints;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Aws.Sts;
using Rotator.Rotation.Drift;

namespace Rotator.Rotation.Aws.Clients;

/// <summary>
/// The clients of one <see cref="AwsClientKey"/>: one <see cref="AwsJsonClient"/> (the shared transport with this key's
/// credentials) under Secrets Manager, Directory Service and the catalog, so every call of the key is signed, retried,
/// budgeted and counted the same way.
/// </summary>
internal sealed class AwsClientSet : IDisposable
{
    private readonly AssumeRoleCredentialSource? role;

    /// <param name="json">The shared transport with this key's credentials.</param>
    /// <param name="settings">Endpoint settings of the key's region.</param>
    /// <param name="role">The role assumed for this key, if any; disposed with the set.</param>
    /// <param name="catalog">Builds the catalog over the set's Secrets Manager client.</param>
    /// <exception cref="Errors.MissingRegionException"><paramref name="settings"/> names no region.</exception>
    public AwsClientSet(AwsJsonClient json, AwsEndpointSettings settings, AssumeRoleCredentialSource? role, Func<ISecretsManager, SecretCatalog> catalog)
    {
        // Both endpoints resolve before anything is kept: a key without a region fails here, every time, and is not cached.
        SecretsManager = new SecretsManagerClient(json, AwsEndpointResolver.Resolve(AwsService.SecretsManager, settings));
        DirectoryService = new DirectoryServiceClient(json, AwsEndpointResolver.Resolve(AwsService.DirectoryService, settings));
        Catalog = catalog(SecretsManager);
        this.role = role;
    }

    public ISecretsManager SecretsManager { get; }

    public IDirectoryService DirectoryService { get; }

    public SecretCatalog Catalog { get; }

    public void Dispose() => role?.Dispose();
}
