namespace Rotator.Operator.Kubernetes.Models;

/// <summary>Anything with <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>.</summary>
public interface IKubernetesObject
{
    string? ApiVersion { get; set; }

    string? Kind { get; set; }

    ObjectMeta Metadata { get; set; }
}
