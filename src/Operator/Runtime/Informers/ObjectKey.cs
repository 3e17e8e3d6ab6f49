using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Runtime.Informers;

/// <summary>The identity reconcilers work with: namespace and name (controller-runtime's Request).</summary>
public readonly record struct ObjectKey(string? Namespace, string Name)
{
    public static ObjectKey Of(IKubernetesObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new ObjectKey(item.Metadata.Namespace, item.Metadata.Name ?? throw new ArgumentException("object has no name", nameof(item)));
    }

    public override string ToString() => Namespace is null ? Name : $"{Namespace}/{Name}";
}
