namespace Rotator.Api;

/// <summary>Observed state, written only through the status subresource and only when something changed.</summary>
public sealed record RotatingSecretStatus
{
    public long? ObservedGeneration { get; init; }

    /// <summary>Ready, Rotating, RolloutComplete.</summary>
    public IReadOnlyList<Condition>? Conditions { get; init; }

    /// <summary>The AWS VersionId mirrored now.</summary>
    public string? CurrentVersionId { get; init; }

    /// <summary>The user name in AWSCURRENT (passwords never appear anywhere).</summary>
    public string? CurrentUsername { get; init; }

    public DateTimeOffset? LastRotationTime { get; init; }

    public DateTimeOffset? NextRotationTime { get; init; }

    /// <summary>
    /// The target Secret's resourceVersion when the operator last wrote or checked it: a different one
    /// means someone else changed the Secret, so its data is compared (and repaired) again.
    /// </summary>
    public string? SecretResourceVersion { get; init; }

    /// <summary>Last time the Secret was written (not every check: no status churn).</summary>
    public DateTimeOffset? LastSyncTime { get; init; }

    /// <summary>The rotation in flight, if any.</summary>
    public RotationProgress? Rotation { get; init; }

    /// <summary>The last 10 rotations, newest first.</summary>
    public IReadOnlyList<RotationHistoryEntry>? History { get; init; }

    /// <summary>Consumer restarts for the current version.</summary>
    public IReadOnlyList<RestartRecord>? Restarts { get; init; }

    /// <summary>The last <c>rotator.io/rotate-now</c> value acted on: the same value again does not rotate again.</summary>
    public string? HandledRotateNow { get; init; }

    /// <summary>The rollback in flight, if any.</summary>
    public RollbackProgress? Rollback { get; init; }

    /// <summary>The last <c>rotator.io/rollback</c> value acted on (done or refused): the same value again does nothing.</summary>
    public string? HandledRollback { get; init; }

    /// <summary>MySQL dual passwords: the version whose predecessor's password was discarded once consumers rolled out.</summary>
    public string? RetainedPasswordDiscardedFor { get; init; }
}
