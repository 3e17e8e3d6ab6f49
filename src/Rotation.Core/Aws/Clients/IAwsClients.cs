using Rotator.Rotation.Aws.DirectoryService;
using Rotator.Rotation.Aws.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Drift;

namespace Rotator.Rotation.Aws.Clients;

/// <summary>The AWS services a resource talks to, with its region and identity applied.</summary>
public interface IAwsClients
{
    /// <summary>Secrets Manager for <paramref name="scope"/>.</summary>
    /// <exception cref="MissingRegionException">Neither the scope nor the operator names a region.</exception>
    ISecretsManager SecretsManager(AwsScope scope);

    /// <summary>
    /// The ListSecrets-based drift detector shared by every resource of <paramref name="scope"/>'s region
    /// and identity (one per resource when it assumes its own role).
    /// </summary>
    /// <exception cref="MissingRegionException">Neither the scope nor the operator names a region.</exception>
    SecretCatalog Catalog(AwsScope scope);

    /// <summary>Directory Service for <paramref name="scope"/> (DirectoryServiceAdmin rotations).</summary>
    /// <exception cref="MissingRegionException">Neither the scope nor the operator names a region.</exception>
    IDirectoryService DirectoryService(AwsScope scope);

    /// <summary>Drops what was cached for a deleted resource (its assumed role).</summary>
    void Forget(string ns, string name);
}
