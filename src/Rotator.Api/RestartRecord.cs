namespace Rotator.Api;

/// <summary>A consumer restart for one version.</summary>
public sealed record RestartRecord
{
    public WorkloadKind? Kind { get; init; }

    public string? Name { get; init; }

    public string? VersionId { get; init; }

    public DateTimeOffset? RestartedAt { get; init; }

    public bool? RolledOut { get; init; }
}
