using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>A core/v1 Pod, read for consumer discovery and rollout tracking.</summary>
public sealed class Pod : IKubernetesObject
{
    public string? ApiVersion { get; set; } = "v1";

    public string? Kind { get; set; } = "Pod";

    public ObjectMeta Metadata { get; set; } = new();

    public JsonElement? Spec { get; set; }

    public JsonElement? Status { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
