using Rotator.Api;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Passwords;
using Rotator.Rotation.Schedules;
using Rotator.Rotation.Strategies.Settings;

namespace Rotator.Operator.Controllers.RotatingSecrets;

/// <summary>A RotatingSecret's spec with every default applied and every expression parsed.</summary>
public sealed record ResolvedSpec
{
    public required string SecretId { get; init; }

    public required RotationStrategy Strategy { get; init; }

    /// <summary>Null: rotate only on request (rotate-now, rotateOnCreate).</summary>
    public RotationSchedule? Schedule { get; init; }

    public required bool RotateOnCreate { get; init; }

    public required bool Suspend { get; init; }

    public required TimeSpan RefreshInterval { get; init; }

    public required PasswordPolicy Password { get; init; }

    /// <summary>The strategy's settings, which also name it; null for AwsManaged and None (the operator runs no steps).</summary>
    public StrategySettings? Settings { get; init; }

    public required string TargetName { get; init; }

    public required DeletionPolicy DeletionPolicy { get; init; }

    public required RestartWhen RestartWhen { get; init; }

    public required bool WaitForRollout { get; init; }

    /// <summary>Manual: setSecret waits for the <c>rotator.io/approve</c> annotation (only for strategies that drive the steps themselves).</summary>
    public ApprovalMode Approval { get; init; }

    /// <summary>With <see cref="ApprovalMode.Manual"/>: how long a pending version waits for approval before it is discarded; forever when null.</summary>
    public TimeSpan? ApprovalTimeout { get; init; }

    /// <summary>Every AWS secret id the resource names itself (tenancy checks these before any AWS call).</summary>
    public required IReadOnlyList<string> ReferencedSecretIds { get; init; }

    /// <summary>Whether the strategy drives the four steps itself (not AwsManaged, not None).</summary>
    public bool RotatesItself => Strategy.RotatesItself();

    /// <summary>The settings of a strategy the operator drives itself; callers check <see cref="RotatesItself"/> first.</summary>
    public StrategySettings DrivenSettings => Settings ?? throw new InvalidOperationException($"strategy {Strategy} is not driven by the operator's engine");
}
