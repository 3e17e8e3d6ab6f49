using System.Text.Json;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>A pod template: metadata (where the restart annotation goes) and the raw pod spec.</summary>
public sealed class PodTemplateSpec
{
    public ObjectMeta? Metadata { get; set; }

    /// <summary>Kept raw: consumer discovery walks it for Secret references, nothing else reads it.</summary>
    public JsonElement? Spec { get; set; }
}
