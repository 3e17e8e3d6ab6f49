using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>
/// <c>spec.updateStrategy</c> of a StatefulSet or DaemonSet (Deployments call theirs <c>strategy</c>).
/// Read to know whether a template change rolls pods at all (<c>OnDelete</c> does not) and how far a
/// partitioned StatefulSet rollout is meant to go.
/// </summary>
public sealed class WorkloadUpdateStrategy
{
    /// <summary><c>RollingUpdate</c> (the default) or <c>OnDelete</c>.</summary>
    public string? Type { get; set; }

    public WorkloadRollingUpdate? RollingUpdate { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
