using Rotator.Api;

namespace Rotator.Kubernetes;

/// <summary>REST coordinates of RotatingSecret.</summary>
public static class RotatingSecretResource
{
    public static ResourceType<RotatingSecret> Type { get; } = new(
        RotatingSecret.Group,
        RotatingSecret.Version,
        RotatingSecret.Plural,
        nameof(RotatingSecret),
        true);
}
