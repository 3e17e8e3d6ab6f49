namespace Rotator.Operator.Kubernetes.Models;

/// <summary>What a failed call was about, and for <c>Invalid</c> which fields were wrong.</summary>
public sealed class StatusDetails
{
    public string? Name { get; set; }

    public string? Group { get; set; }

    public string? Kind { get; set; }

    public IList<StatusCause>? Causes { get; set; }

    public int? RetryAfterSeconds { get; set; }
}
