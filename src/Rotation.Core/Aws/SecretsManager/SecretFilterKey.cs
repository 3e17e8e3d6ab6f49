using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>What a ListSecrets filter matches on.</summary>
public enum SecretFilterKey
{
    [JsonStringEnumMemberName("description")]
    Description,

    [JsonStringEnumMemberName("name")]
    Name,

    [JsonStringEnumMemberName("tag-key")]
    TagKey,

    [JsonStringEnumMemberName("tag-value")]
    TagValue,

    [JsonStringEnumMemberName("primary-region")]
    PrimaryRegion,

    [JsonStringEnumMemberName("owning-service")]
    OwningService,

    [JsonStringEnumMemberName("all")]
    All,
}
