using k8s;
using k8s.Models;
using Rotator.Api;

namespace Rotator.Operator.Tests.Controllers.RotatingSecrets;

/// <summary>RotatingSecrets as a user would write them, in namespace <c>shop</c>, so each test states only what it varies.</summary>
internal static class Specimens
{
    public const string Namespace = "shop";

    public const string Name = "orders-db";

    public const string SecretId = "shop/orders-db";

    /// <summary>The operator's default refresh interval as the resolver receives it.</summary>
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromMinutes(5);

    /// <summary>When every specimen was created (before the rotations the tests describe).</summary>
    public static readonly DateTimeOffset Created = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    public static RotatingSecret Resource(
        RotationSpec rotation,
        RotatingSecretStatus? status = null,
        IDictionary<string, string>? annotations = null,
        Func<RotatingSecretSpec, RotatingSecretSpec>? spec = null)
    {
        var baseSpec = new RotatingSecretSpec { SecretId = SecretId, Rotation = rotation };
        return new RotatingSecret
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, Generation = 3, Annotations = annotations, CreationTimestamp = Created.UtcDateTime },
            Spec = spec is null ? baseSpec : spec(baseSpec),
            Status = status,
        };
    }

    public static RotatingSecret Resource(RotationStrategy strategy) => Resource(new RotationSpec { Strategy = strategy });
}
