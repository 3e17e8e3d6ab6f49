using Rotator.Operator.Kubernetes.Api;
using Rotator.Operator.Kubernetes.Models;
using Rotator.Operator.Resources;

namespace Rotator.Operator.Controllers.Restarts;

/// <summary>Maps a <see cref="WorkloadKind"/> to the API resource that stores it.</summary>
public static class WorkloadKinds
{
    /// <summary>In the order discovery lists and sorts them.</summary>
    public static IReadOnlyList<WorkloadKind> All { get; } = [WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet];

    public static ResourceType<Workload> ResourceType(this WorkloadKind kind) => kind switch
    {
        WorkloadKind.Deployment => ResourceTypes.Deployments,
        WorkloadKind.StatefulSet => ResourceTypes.StatefulSets,
        WorkloadKind.DaemonSet => ResourceTypes.DaemonSets,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown workload kind"),
    };
}
