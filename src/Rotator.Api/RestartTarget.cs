using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>A workload in the same namespace that consumes the Secret.</summary>
public sealed record RestartTarget
{
    /// <summary>Workload kind.</summary>
    [Required]
    public WorkloadKind Kind { get; init; }

    /// <summary>Workload name.</summary>
    [Required]
    [RegularExpression(SchemaPatterns.ObjectName)]
    [MaxLength(253)]
    public string Name { get; init; } = "";
}
