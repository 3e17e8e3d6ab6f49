using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary><c>updateStrategy.rollingUpdate</c>; maxUnavailable/maxSurge (int-or-string) stay raw in <see cref="Extra"/>.</summary>
public sealed class WorkloadRollingUpdate
{
    /// <summary>StatefulSets: only ordinals at or above the partition take the new template.</summary>
    public int? Partition { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}
