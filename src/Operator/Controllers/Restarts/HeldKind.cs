namespace Rotator.Operator.Controllers.Restarts;

/// <summary>What the running consumers of a Secret can hold, compared with the version being mirrored.</summary>
public enum HeldKind
{
    /// <summary>The Secret did not exist before this pass: pods that reference it were waiting for it and start with the current data.</summary>
    Absent,

    /// <summary>The Secret already held the current data, and nothing shows it replaced other data that consumers may still hold.</summary>
    Current,

    /// <summary>Consumers may hold other data: the Secret held another version (or data of unknown origin) before.</summary>
    Other,
}
