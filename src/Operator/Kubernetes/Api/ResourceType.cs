using System.Text.Json.Serialization.Metadata;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Kubernetes.Api;

/// <summary>Everything needed to address one kind of resource over REST and (de)serialize it without reflection.</summary>
public sealed record ResourceType<T>(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    JsonTypeInfo<T> TypeInfo,
    JsonTypeInfo<ResourceList<T>> ListTypeInfo)
    where T : class, IKubernetesObject
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The name RBAC and error messages use, e.g. <c>deployments.apps</c>.</summary>
    public string ResourceName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public string CollectionPath(string? ns)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        return Namespaced && !string.IsNullOrEmpty(ns)
            ? $"{root}/namespaces/{Uri.EscapeDataString(ns)}/{Plural}"
            : $"{root}/{Plural}";
    }

    public string ItemPath(string? ns, string name, string? subresource = null)
    {
        var path = $"{CollectionPath(ns)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }
}
