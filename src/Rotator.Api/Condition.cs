using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>A metav1.Condition.</summary>
public sealed record Condition
{
    /// <summary>Ready, Rotating or RolloutComplete.</summary>
    [Required]
    public string Type { get; init; } = "";

    /// <summary>True, False or Unknown.</summary>
    [Required]
    public string Status { get; init; } = "Unknown";

    /// <summary>The generation this condition was computed from.</summary>
    public long? ObservedGeneration { get; init; }

    /// <summary>When the status last changed.</summary>
    [Required]
    public DateTimeOffset LastTransitionTime { get; init; }

    /// <summary>UpperCamelCase reason a user can act on, e.g. NotAllowed.</summary>
    [Required]
    public string Reason { get; init; } = "";

    /// <summary>Human-readable detail; never a secret value.</summary>
    [Required]
    public string Message { get; init; } = "";
}
