using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Engine;

/// <summary>
/// The end of one run of the engine. Every text is safe for status and events; the one value it may carry,
/// <see cref="Current"/>, prints as redacted.
/// </summary>
public sealed record RotationOutcome
{
    public required string SecretId { get; init; }

    /// <summary>The rotation's version id; null when the engine refused before choosing one.</summary>
    public string? VersionId { get; init; }

    public required RotationResult Result { get; init; }

    /// <summary>The step that failed (<see cref="RotationStepNames"/>), for <see cref="RotationResult.Failed"/>.</summary>
    public string? FailedStep { get; init; }

    /// <summary>Machine-readable reason for conditions and events, from <see cref="RotationReasons"/> or a strategy's exception.</summary>
    public required string Reason { get; init; }

    /// <summary>What happened, for a person; never a secret value.</summary>
    public required string Message { get; init; }

    /// <summary>
    /// For a rotation this run finished: the value of the version it made AWSCURRENT, as this run wrote or
    /// read it. A version's value never changes in Secrets Manager, so the caller can mirror it without
    /// reading it back. Null when this run did not hold the value (a replay of a finished rotation).
    /// </summary>
    public SecretValue? Current { get; init; }

    /// <summary>The strategy's remarks on a finished run (<see cref="Abstractions.RotationNotes"/>); also at the end of <see cref="Message"/>.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
