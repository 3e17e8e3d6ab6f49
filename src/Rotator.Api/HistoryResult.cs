namespace Rotator.Api;

/// <summary>How a rotation ended (<c>RolledBack</c>: given up, AWSPENDING removed), or <c>Reverted</c> for a rollback to this version. The entry of <c>status.history[].result</c>.</summary>
public enum HistoryResult
{
    Succeeded,
    Failed,
    RolledBack,

    /// <summary>A rollback (<c>rotator.io/rollback</c>) made this version AWSCURRENT again.</summary>
    Reverted,

    /// <summary>Approval Manual: nobody approved the pending version within approvalTimeout, so it was discarded (AWSPENDING removed, the target never changed).</summary>
    Expired,

    /// <summary>The rotation was refused before anything changed (the secret, the spec or the target turned it down); the Rotating condition keeps the reason until a new request, a spec change or a successful rotation.</summary>
    Refused,
}
