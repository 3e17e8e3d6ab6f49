using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Abstractions;

/// <summary>
/// What differs between rotation targets (MySQL single user, MySQL alternating users, Directory
/// Service, random value). The engine owns the protocol around it: labels, idempotency tokens,
/// resumption, observation. Every method must be idempotent: the engine re-runs a step after a
/// crash, a timeout or a lost response, and the step must converge.
/// </summary>
public interface IRotationStrategy
{
    /// <summary>Name used in status, events and metrics, e.g. <c>MySQLAlternatingUsers</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Checks the current secret has what this strategy needs (fields, types, engine) before anything
    /// changes. Throws <see cref="RotationRefusedException"/> with a reason a user can act on.
    /// </summary>
    Task ValidateAsync(RotationContext context, CancellationToken cancellationToken);

    /// <summary>createSecret: the pending value derived from <see cref="RotationContext.Current"/> (new password, maybe new user name). Must not touch the target.</summary>
    Task<SecretPayload> CreatePendingAsync(RotationContext context, CancellationToken cancellationToken);

    /// <summary>setSecret: make the target accept <see cref="RotationContext.Pending"/>. A no-op when it already does.</summary>
    Task SetAsync(RotationContext context, CancellationToken cancellationToken);

    /// <summary>testSecret: prove the pending credential works on the target. Throws <see cref="RotationTestFailedException"/> when it does not.</summary>
    Task TestAsync(RotationContext context, CancellationToken cancellationToken);

    /// <summary>
    /// After a failed test: put the current credential back on the target where <see cref="SetAsync"/>
    /// replaced it (single user, directory), so consumers keep working. A no-op for strategies that
    /// never invalidate the current credential (alternating users, random value).
    /// </summary>
    Task RestoreAsync(RotationContext context, CancellationToken cancellationToken);
}
