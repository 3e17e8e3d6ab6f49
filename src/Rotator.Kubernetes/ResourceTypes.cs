using k8s.Models;

namespace Rotator.Kubernetes;

/// <summary>The built-in resources the operator, the plugin and their tests touch, as the library's typed models.</summary>
public static class ResourceTypes
{
    public static ResourceType<V1Secret> Secrets { get; } = new("", "v1", "secrets", "Secret", true);

    public static ResourceType<V1Pod> Pods { get; } = new("", "v1", "pods", "Pod", true);

    public static ResourceType<V1Namespace> Namespaces { get; } = new("", "v1", "namespaces", "Namespace", false);

    /// <summary>events.k8s.io/v1: series instead of a count, and no fields that v1.20's API server ignores.</summary>
    public static ResourceType<Eventsv1Event> Events { get; } = new("events.k8s.io", "v1", "events", "Event", true);

    public static ResourceType<V1Deployment> Deployments { get; } = new("apps", "v1", "deployments", "Deployment", true);

    public static ResourceType<V1StatefulSet> StatefulSets { get; } = new("apps", "v1", "statefulsets", "StatefulSet", true);

    public static ResourceType<V1DaemonSet> DaemonSets { get; } = new("apps", "v1", "daemonsets", "DaemonSet", true);

    public static ResourceType<V1ReplicaSet> ReplicaSets { get; } = new("apps", "v1", "replicasets", "ReplicaSet", true);

    public static ResourceType<V1Lease> Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", true);

    public static ResourceType<V1CustomResourceDefinition> CustomResourceDefinitions { get; } =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false);
}
