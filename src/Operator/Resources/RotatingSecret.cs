using System.Text.Json;
using System.Text.Json.Serialization;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Resources;

/// <summary>
/// RotatingSecret names a secret in AWS Secrets Manager; Rotator rotates it on a schedule or on
/// request, mirrors AWSCURRENT into a Kubernetes Secret, and restarts the workloads that use it.
/// </summary>
public sealed class RotatingSecret : IKubernetesObject
{
    public const string Group = "rotator.io";
    public const string Version = "v1alpha1";
    public const string Plural = "rotatingsecrets";

    public string? ApiVersion { get; set; } = $"{Group}/{Version}";

    public string? Kind { get; set; } = nameof(RotatingSecret);

    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>Desired state.</summary>
    public RotatingSecretSpec Spec { get; set; } = new();

    /// <summary>Observed state.</summary>
    public RotatingSecretStatus? Status { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
