using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws;

/// <summary>Source-generated JSON for the protocol-level types (error bodies).</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AwsJsonError))]
internal sealed partial class AwsJsonContext : JsonSerializerContext;
