namespace Rotator.Rotation.Abstractions;

/// <summary>
/// A strategy whose rotation leaves the previous credential working on purpose (MySQL dual passwords), so
/// consumers can roll over without a window in which nothing works. The operator calls
/// <see cref="DiscardRetainedAsync"/> once every consumer runs on the new credential.
/// </summary>
public interface IRetainsPreviousCredential
{
    /// <summary>Whether this rotation kept the previous credential (e.g. dual passwords are on).</summary>
    bool RetainsPrevious { get; }

    /// <summary>Makes only <see cref="RotationContext.Current"/>'s credential work. Idempotent.</summary>
    Task DiscardRetainedAsync(RotationContext context, CancellationToken cancellationToken);
}
