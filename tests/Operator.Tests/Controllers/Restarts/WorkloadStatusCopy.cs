using System.Text.Json;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Tests.Controllers.Restarts;

/// <summary>Status variations for evaluator tests: a copy with some fields changed (the model is a mutable class, not a record).</summary>
internal static class WorkloadStatusCopy
{
    public static WorkloadStatus With(this WorkloadStatus status, Action<WorkloadStatus> edit)
    {
        var json = JsonSerializer.Serialize(status, KubernetesJsonContext.Default.WorkloadStatus);
        var copy = JsonSerializer.Deserialize(json, KubernetesJsonContext.Default.WorkloadStatus)!;
        edit(copy);
        return copy;
    }
}
