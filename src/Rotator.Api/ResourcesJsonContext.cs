using System.Text.Json.Serialization;

namespace Rotator.Api;

/// <summary>
/// Source-generated JSON for the operator's own resource where we write it ourselves (status patches, the
/// plugin's output); enums travel as their names, as in the CRD. JsonElement is there for the library's
/// <c>metadata.managedFields[].fieldsV1</c>, typed <c>object</c>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RotatingSecret))]
[JsonSerializable(typeof(RotatingSecretStatus))]
[JsonSerializable(typeof(System.Text.Json.JsonElement))]
public sealed partial class ResourcesJsonContext : JsonSerializerContext;
