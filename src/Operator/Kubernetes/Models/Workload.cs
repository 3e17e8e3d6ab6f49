using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>
/// A Deployment, StatefulSet or DaemonSet. The operator only reads their pod templates and rollout
/// status and writes one annotation by merge patch, so one shape serves all three.
/// </summary>
public sealed class Workload : IKubernetesObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ObjectMeta Metadata { get; set; } = new();

    public WorkloadSpec? Spec { get; set; }

    public WorkloadStatus? Status { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
