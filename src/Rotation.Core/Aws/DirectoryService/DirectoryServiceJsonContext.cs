using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>Source-generated JSON for Directory Service's wire shapes (PascalCase as AWS sends them).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(ResetUserPasswordRequest))]
[JsonSerializable(typeof(ResetUserPasswordResponse))]
[JsonSerializable(typeof(DescribeDirectoriesRequest))]
[JsonSerializable(typeof(DescribeDirectoriesResponse))]
internal sealed partial class DirectoryServiceJsonContext : JsonSerializerContext;
