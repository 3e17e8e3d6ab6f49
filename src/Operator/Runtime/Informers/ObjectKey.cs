using k8s;
using k8s.Models;

namespace Rotator.Operator.Runtime.Informers;

/// <summary>The identity reconcilers work with: namespace and name (controller-runtime's Request).</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject<V1ObjectMeta> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ObjectKey(item.Metadata.NamespaceProperty, item.Metadata.Name ?? throw new ArgumentException("object has no name", nameof(item)));
    }

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
