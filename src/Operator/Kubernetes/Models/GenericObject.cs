using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>Any object, kept whole: typed metadata, everything else as raw JSON.</summary>
public sealed class GenericObject : IKubernetesObject
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public ObjectMeta Metadata { get; set; } = new();

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Fields { get; set; }
}
