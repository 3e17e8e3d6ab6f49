namespace Rotator.Api;

/// <summary>
/// The rollback in flight. Written before the target is touched, so a crash between putting the previous
/// credential back and moving AWSCURRENT resumes this rollback instead of leaving the secret naming a
/// credential the target no longer accepts.
/// </summary>
public sealed record RollbackProgress
{
    /// <summary>The <c>rotator.io/rollback</c> value that asked for it.</summary>
    public string? Requested { get; init; }

    /// <summary>The version that was AWSCURRENT when the rollback started (AWSPREVIOUS afterwards).</summary>
    public string? FromVersionId { get; init; }

    /// <summary>The AWSPREVIOUS version being made AWSCURRENT again.</summary>
    public string? ToVersionId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public int? Attempts { get; init; }

    /// <summary>Why the last attempt failed; never a secret value.</summary>
    public string? LastError { get; init; }
}
