using System.Text.Json.Serialization;
using Rotator.Operator.Kubernetes.Models;

namespace Rotator.Operator.Resources;

/// <summary>Source-generated JSON for the operator's own resource; enums travel as their names, as in the CRD.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RotatingSecret))]
[JsonSerializable(typeof(ResourceList<RotatingSecret>))]
[JsonSerializable(typeof(RotatingSecretStatus))]
public sealed partial class ResourcesJsonContext : JsonSerializerContext;
