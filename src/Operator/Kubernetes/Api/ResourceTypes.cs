using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>The resources the operator touches.</summary>
public static class ResourceTypes
{
    private static KubernetesJsonContext Json => KubernetesJsonContext.Default;

    public static ResourceType<Secret> Secrets { get; } =
        new("", "v1", "secrets", "Secret", true, Json.Secret, Json.ResourceListSecret);

    public static ResourceType<Pod> Pods { get; } =
        new("", "v1", "pods", "Pod", true, Json.Pod, Json.ResourceListPod);

    public static ResourceType<Event> Events { get; } =
        new("events.k8s.io", "v1", "events", "Event", true, Json.Event, Json.ResourceListEvent);

    public static ResourceType<Workload> Deployments { get; } =
        new("apps", "v1", "deployments", "Deployment", true, Json.Workload, Json.ResourceListWorkload);

    public static ResourceType<Workload> StatefulSets { get; } =
        new("apps", "v1", "statefulsets", "StatefulSet", true, Json.Workload, Json.ResourceListWorkload);

    public static ResourceType<Workload> DaemonSets { get; } =
        new("apps", "v1", "daemonsets", "DaemonSet", true, Json.Workload, Json.ResourceListWorkload);

    public static ResourceType<Lease> Leases { get; } =
        new("coordination.k8s.io", "v1", "leases", "Lease", true, Json.Lease, Json.ResourceListLease);

    public static ResourceType<GenericObject> CustomResourceDefinitions { get; } =
        new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, Json.GenericObject, Json.ResourceListGenericObject);

    public static ResourceType<GenericObject> Namespaces { get; } =
        new("", "v1", "namespaces", "Namespace", false, Json.GenericObject, Json.ResourceListGenericObject);

    /// <summary>Any other resource, kept as raw JSON.</summary>
    public static ResourceType<GenericObject> Generic(string group, string version, string plural, string kind, bool namespaced) =>
        new(group, version, plural, kind, namespaced, Json.GenericObject, Json.ResourceListGenericObject);
}
