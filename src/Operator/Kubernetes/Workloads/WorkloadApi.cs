using System.Text.Json.Nodes;
using k8s.Models;
using Rotator.Api;
using Rotator.Kubernetes;

namespace Rotator.Operator.Kubernetes.Workloads;

/// <summary>Reads Deployments, StatefulSets and DaemonSets as <see cref="Workload"/>s and patches them, by <see cref="WorkloadKind"/>.</summary>
public sealed class WorkloadApi(KubernetesApi api)
{
    /// <summary>In the order discovery lists and sorts them.</summary>
    public static IReadOnlyList<WorkloadKind> Kinds { get; } = [WorkloadKind.Deployment, WorkloadKind.StatefulSet, WorkloadKind.DaemonSet];

    /// <summary>The name RBAC and error messages use, e.g. <c>deployments.apps</c>.</summary>
    public static string ResourceName(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Deployment => ResourceTypes.Deployments.ResourceName,
        WorkloadKind.StatefulSet => ResourceTypes.StatefulSets.ResourceName,
        WorkloadKind.DaemonSet => ResourceTypes.DaemonSets.ResourceName,
        _ => throw Unknown(kind),
    };

    /// <summary>The workload, or null when it does not exist.</summary>
    public async Task<Workload?> GetAsync(WorkloadKind kind, string ns, string name, CancellationToken cancellationToken) => kind switch
    {
        WorkloadKind.Deployment => await api.For(ResourceTypes.Deployments).GetAsync(ns, name, cancellationToken) is { } d ? Workload.Of(d) : null,
        WorkloadKind.StatefulSet => await api.For(ResourceTypes.StatefulSets).GetAsync(ns, name, cancellationToken) is { } s ? Workload.Of(s) : null,
        WorkloadKind.DaemonSet => await api.For(ResourceTypes.DaemonSets).GetAsync(ns, name, cancellationToken) is { } d ? Workload.Of(d) : null,
        _ => throw Unknown(kind),
    };

    /// <summary>Every workload of <paramref name="kind"/> in <paramref name="ns"/>.</summary>
    public async Task<IReadOnlyList<Workload>> ListAsync(WorkloadKind kind, string ns, CancellationToken cancellationToken) => kind switch
    {
        WorkloadKind.Deployment => [.. (await api.For(ResourceTypes.Deployments).ListAllAsync(ns, null, cancellationToken)).Items.Select(Workload.Of)],
        WorkloadKind.StatefulSet => [.. (await api.For(ResourceTypes.StatefulSets).ListAllAsync(ns, null, cancellationToken)).Items.Select(Workload.Of)],
        WorkloadKind.DaemonSet => [.. (await api.For(ResourceTypes.DaemonSets).ListAllAsync(ns, null, cancellationToken)).Items.Select(Workload.Of)],
        _ => throw Unknown(kind),
    };

    /// <summary>A merge patch of the workload.</summary>
    public Task PatchAsync(WorkloadKind kind, string ns, string name, JsonNode mergePatch, CancellationToken cancellationToken) => kind switch
    {
        WorkloadKind.Deployment => api.For(ResourceTypes.Deployments).PatchAsync(ns, name, mergePatch, V1Patch.PatchType.MergePatch, cancellationToken),
        WorkloadKind.StatefulSet => api.For(ResourceTypes.StatefulSets).PatchAsync(ns, name, mergePatch, V1Patch.PatchType.MergePatch, cancellationToken),
        WorkloadKind.DaemonSet => api.For(ResourceTypes.DaemonSets).PatchAsync(ns, name, mergePatch, V1Patch.PatchType.MergePatch, cancellationToken),
        _ => throw Unknown(kind),
    };

    private static ArgumentOutOfRangeException Unknown(WorkloadKind kind) => new(nameof(kind), kind, "unknown workload kind");
}
