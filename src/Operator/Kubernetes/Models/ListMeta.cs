namespace Rotator.Operator.Kubernetes.Models;

/// <summary><c>metadata</c> of a list: where to resume watching and how to fetch the next page.</summary>
public sealed class ListMeta
{
    public string? ResourceVersion { get; set; }

    public string? Continue { get; set; }

    public long? RemainingItemCount { get; set; }
}
