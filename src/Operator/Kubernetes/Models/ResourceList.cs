namespace Rotator.Operator.Kubernetes.Models;

/// <summary>One page of a list call.</summary>
public sealed class ResourceList<T>
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ListMeta Metadata { get; set; } = new();

    public IList<T> Items { get; set; } = [];
}
