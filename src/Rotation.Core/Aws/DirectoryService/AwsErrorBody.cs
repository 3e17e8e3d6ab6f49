using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws.DirectoryService;

/// <summary>The JSON 1.1 error body: <c>{"__type": "...#EntityDoesNotExistException", "Message": "..."}</c>.</summary>
internal sealed record AwsErrorBody(
    [property: JsonPropertyName("__type")] string? Type,
    string? Message);
