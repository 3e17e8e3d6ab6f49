using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>The parts of a workload's spec the operator reads.</summary>
public sealed class WorkloadSpec
{
    public int? Replicas { get; set; }

    public PodTemplateSpec? Template { get; set; }

    /// <summary>Deployments: seconds before a stalled rollout is reported (default 600).</summary>
    public int? ProgressDeadlineSeconds { get; set; }

    /// <summary>Deployments: a paused Deployment does not roll out template changes until resumed.</summary>
    public bool? Paused { get; set; }

    /// <summary>StatefulSets and DaemonSets.</summary>
    public WorkloadUpdateStrategy? UpdateStrategy { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
