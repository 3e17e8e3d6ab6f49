using k8s;
using k8s.Models;

namespace Rotator.Api;

/// <summary>
/// RotatingSecret names a secret in AWS Secrets Manager; Rotator rotates it on a schedule or on
/// request, mirrors AWSCURRENT into a Kubernetes Secret, and restarts the workloads that use it.
/// </summary>
/// <remarks>
/// Our own type on the library's object interfaces: the library reads and writes it through its generic
/// calls; status is written as a merge patch serialized by <see cref="ResourcesJsonContext"/>. Every field
/// of the CRD is typed here, so no unknown field is kept as a JSON document in the informer's cache.
/// </remarks>
public sealed class RotatingSecret : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "rotator.io";
    public const string Version = "v1alpha1";
    public const string Plural = "rotatingsecrets";

    public string? ApiVersion { get; set; } = $"{Group}/{Version}";

    public string? Kind { get; set; } = nameof(RotatingSecret);

    public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state.</summary>
    public RotatingSecretSpec Spec { get; set; } = new();

    /// <summary>Observed state.</summary>
    public RotatingSecretStatus? Status { get; set; }
}
