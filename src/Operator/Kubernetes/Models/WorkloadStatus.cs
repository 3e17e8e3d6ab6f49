using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>The union of the rollout fields of Deployment, StatefulSet and DaemonSet status.</summary>
public sealed class WorkloadStatus
{
    public long? ObservedGeneration { get; set; }

    public int? Replicas { get; set; }

    public int? UpdatedReplicas { get; set; }

    public int? ReadyReplicas { get; set; }

    public int? AvailableReplicas { get; set; }

    /// <summary>StatefulSets: replicas at <see cref="CurrentRevision"/>.</summary>
    public int? CurrentReplicas { get; set; }

    public int? UnavailableReplicas { get; set; }

    public string? CurrentRevision { get; set; }

    public string? UpdateRevision { get; set; }

    public int? DesiredNumberScheduled { get; set; }

    public int? UpdatedNumberScheduled { get; set; }

    public int? NumberAvailable { get; set; }

    public int? NumberReady { get; set; }

    public int? CurrentNumberScheduled { get; set; }

    public int? NumberUnavailable { get; set; }

    public IList<WorkloadCondition>? Conditions { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
