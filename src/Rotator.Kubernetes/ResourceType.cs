using k8s;
using k8s.Models;

namespace Rotator.Kubernetes;

/// <summary>Where one kind of resource lives in the API: what the library's generic calls need to address it.</summary>
/// <param name="Group">The API group; empty for the core group (the library then calls <c>/api/v1</c>).</param>
/// <param name="Version">The API version within the group.</param>
/// <param name="Plural">The resource name in paths, e.g. <c>secrets</c>.</param>
/// <param name="Kind">The object kind, e.g. <c>Secret</c>.</param>
/// <param name="Namespaced">True for namespaced resources.</param>
public sealed record ResourceType<T>(string Group, string Version, string Plural, string Kind, bool Namespaced)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The name RBAC and error messages use, e.g. <c>deployments.apps</c>.</summary>
    public string ResourceName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
