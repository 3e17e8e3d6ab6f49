namespace Rotator.Api;

/// <summary>One finished rotation.</summary>
public sealed record RotationHistoryEntry
{
    public string? VersionId { get; init; }

    /// <summary>User name after the rotation (user names are not secret).</summary>
    public string? Username { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public HistoryResult? Result { get; init; }
}
