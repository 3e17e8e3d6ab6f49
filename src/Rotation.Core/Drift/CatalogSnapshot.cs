using System.Collections.Frozen;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Drift;

/// <summary>One completed listing: the secrets that were asked about, by name and by ARN.</summary>
internal sealed record CatalogSnapshot(DateTimeOffset TakenAt, FrozenDictionary<string, SecretDescription> ByNameOrArn)
{
    public SecretDescription? Find(string secretId) => ByNameOrArn.GetValueOrDefault(secretId);
}
