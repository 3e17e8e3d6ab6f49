using k8s.KubeConfigModels;

namespace Rotator.Kubernetes;

/// <summary>
/// Several kubeconfig files as one, as kubectl merges <c>KUBECONFIG</c>: the first file to define a
/// cluster, user or context name, or a <c>current-context</c>, wins. <see cref="KubeconfigFile"/> reads each file; the library's
/// own merge is internal to its default-config path, which would run exec plugins while building.
/// </summary>
internal static class KubeconfigMerge
{
    public static K8SConfiguration Load(IReadOnlyList<string> paths)
    {
        var merged = KubeconfigFile.Read(paths[0]);
        foreach (var path in paths.Skip(1))
        {
            var next = KubeconfigFile.Read(path);
            merged.CurrentContext ??= next.CurrentContext;
            merged.Clusters = Union(merged.Clusters, next.Clusters, c => c.Name);
            merged.Users = Union(merged.Users, next.Users, u => u.Name);
            merged.Contexts = Union(merged.Contexts, next.Contexts, c => c.Name);
        }

        return merged;
    }

    private static List<T> Union<T>(IEnumerable<T>? first, IEnumerable<T>? second, Func<T, string> name) =>
        [.. (first ?? []).Concat(second ?? []).DistinctBy(name, StringComparer.Ordinal)];
}
