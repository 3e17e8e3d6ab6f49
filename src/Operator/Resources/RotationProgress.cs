namespace Rotator.Operator.Resources;

/// <summary>The rotation in flight.</summary>
public sealed record RotationProgress
{
    /// <summary>The new version id (ClientRequestToken).</summary>
    public string? VersionId { get; init; }

    /// <summary>The step running or last attempted: createSecret, setSecret, testSecret, finishSecret.</summary>
    public string? Step { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public int? Attempts { get; init; }

    /// <summary>Why the last attempt failed; never a secret value.</summary>
    public string? LastError { get; init; }
}
