using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>Source-generated JSON for every type the operator sends or receives: no reflection at run time, trimming-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Status))]
[JsonSerializable(typeof(ServerVersion))]
[JsonSerializable(typeof(GenericObject))]
[JsonSerializable(typeof(ResourceList<GenericObject>))]
[JsonSerializable(typeof(Secret))]
[JsonSerializable(typeof(ResourceList<Secret>))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(ResourceList<Event>))]
[JsonSerializable(typeof(Workload))]
[JsonSerializable(typeof(ResourceList<Workload>))]
[JsonSerializable(typeof(Pod))]
[JsonSerializable(typeof(ResourceList<Pod>))]
[JsonSerializable(typeof(Lease))]
[JsonSerializable(typeof(ResourceList<Lease>))]
public sealed partial class KubernetesJsonContext : JsonSerializerContext;
