using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Engine;

/// <summary>One rotation to run (or resume) on one secret.</summary>
public sealed record RotationRequest
{
    /// <summary>Secrets Manager name or ARN.</summary>
    public required string SecretId { get; init; }

    /// <summary>
    /// The rotation's version id (its ClientRequestToken, 32 to 64 characters). Given, the engine continues
    /// that rotation from wherever Secrets Manager's labels say it stopped, whoever started it; when
    /// nothing of it was stored yet, it starts with this id, so a caller can record the id before the first
    /// write and never lose track of a rotation it started. Null: a new rotation with a fresh id.
    /// </summary>
    public string? ResumeVersionId { get; init; }

    /// <summary>
    /// Without a <see cref="ResumeVersionId"/>, an AWSPENDING version found on the secret belongs to a
    /// rotation started elsewhere and is refused; when this is set and that version is older, the engine
    /// takes the rotation over and finishes it under its version id, as AWS's retried Lambda would.
    /// </summary>
    public TimeSpan? TakeOverPendingOlderThan { get; init; }

    /// <summary>
    /// Stop before setSecret, the first step that changes the target: createSecret stores AWSPENDING (or finds
    /// it stored) and the run ends with <see cref="RotationResult.AwaitingApproval"/>. A later run of the same
    /// version id without this flag continues from the stored AWSPENDING, so an approval gate needs no state of
    /// its own in the engine.
    /// </summary>
    public bool HoldBeforeSetSecret { get; init; }

    /// <summary>Passwords under the resource's policy; GetRandomPassword's defaults when null.</summary>
    public IPasswordSource? Passwords { get; init; }
}
