using System.Collections.Frozen;
using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Drift;

/// <summary>
/// One completed listing: the secrets that were asked about, by name and by ARN, and which ids it was
/// taken for (a miss on one of those means the listing did not show it; on any other, that it was not asked).
/// </summary>
internal sealed record CatalogSnapshot(DateTimeOffset TakenAt, FrozenDictionary<string, SecretDescription> ByNameOrArn, FrozenSet<string> Wanted)
{
    public SecretDescription? Find(string secretId) => ByNameOrArn.GetValueOrDefault(secretId);
}
