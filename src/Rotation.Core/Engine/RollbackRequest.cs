using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Engine;

/// <summary>Move AWSCURRENT of one secret back to its AWSPREVIOUS version, putting that credential back on the target.</summary>
public sealed record RollbackRequest
{
    /// <summary>Secrets Manager name or ARN.</summary>
    public required string SecretId { get; init; }

    /// <summary>
    /// Resuming: the version that was AWSCURRENT when this rollback started. Given, a secret whose AWSCURRENT
    /// already moved off it onto its predecessor is a rollback that finished (a replay), and any other move is
    /// refused, so a retried rollback never rolls back twice. Null: roll back from whatever is AWSCURRENT now.
    /// </summary>
    public string? FromVersionId { get; init; }

    /// <summary>
    /// Resuming: the AWSPREVIOUS version the rollback started out to restore. Given, AWSPREVIOUS must still be on it,
    /// and a replay is recognised only when AWSCURRENT is on it, so a rotation made elsewhere meanwhile is never taken
    /// for this rollback having finished.
    /// </summary>
    public string? ToVersionId { get; init; }

    /// <summary>
    /// An earlier attempt of this rollback may have reached the target (single user's or the directory's password may
    /// already be set back). The strategy's refusals then fail the attempt instead, so the caller keeps retrying it
    /// rather than forgetting a rollback that left AWSCURRENT naming a credential the target no longer accepts.
    /// </summary>
    public bool Resuming { get; init; }

    /// <summary>Passwords under the resource's policy (no rollback step makes one; the context needs a source).</summary>
    public IPasswordSource? Passwords { get; init; }
}
