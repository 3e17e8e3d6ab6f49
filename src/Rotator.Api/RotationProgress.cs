namespace Rotator.Api;

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

    /// <summary>The rotation started under approval Manual: setSecret waits until rotator.io/approve names this version id.</summary>
    public bool? ApprovalRequired { get; init; }

    /// <summary>When createSecret had stored AWSPENDING and the rotation began waiting for approval (the approval timeout counts from here).</summary>
    public DateTimeOffset? AwaitingApprovalSince { get; init; }

    /// <summary>When the operator saw rotator.io/approve name this version id; the remaining steps then run.</summary>
    public DateTimeOffset? ApprovedAt { get; init; }
}
