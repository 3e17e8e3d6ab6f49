using System.Text.Json.Serialization;

namespace Rotator.Rotation.Aws;

/// <summary>The body of a JSON-protocol error answer: <c>{"__type": "ns#Code", "message": "..."}</c>.</summary>
internal sealed record AwsJsonError
{
    [JsonPropertyName("__type")]
    public string? Type { get; init; }

    // Some services spell it "code"; matching is case-insensitive, so "Message" and "message" both land here.
    public string? Code { get; init; }

    public string? Message { get; init; }
}
