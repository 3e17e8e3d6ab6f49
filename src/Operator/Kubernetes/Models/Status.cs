using System.Text.Json.Serialization;

namespace Rotator.Operator.Kubernetes.Models;

/// <summary>The API server's <c>Status</c> object: errors, and the ERROR event of a watch.</summary>
public sealed class Status
{
    public string? Kind { get; set; }

    public string? ApiVersion { get; set; }

    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    [JsonPropertyName("status")]
    public string? StatusValue { get; set; }

    public string? Message { get; set; }

    public string? Reason { get; set; }

    public int? Code { get; set; }

    public StatusDetails? Details { get; set; }
}
