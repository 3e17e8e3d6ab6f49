using System.Text.Json.Serialization;

namespace Rotator.Rotation.Tests.Aws.SecretsManager;

/// <summary>Source-generated JSON for the typed secret shapes the tests use.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PortOnly))]
internal sealed partial class RedactionTestJsonContext : JsonSerializerContext;
