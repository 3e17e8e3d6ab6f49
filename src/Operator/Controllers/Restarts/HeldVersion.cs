namespace Rotator.Operator.Controllers.Restarts;

/// <summary>
/// What the consumers of a Secret can hold before this pass moves them: decided from the Secret itself (its data and
/// version annotation before the write, or its absence) or from the status's record of what was mirrored last, never
/// from the operator's memory alone. A resource's first pass, an adopted Secret and a status restored from backup all
/// land here with the same rules.
/// </summary>
/// <param name="Kind">Whether consumers can hold data other than the current version's.</param>
/// <param name="VersionId">The version they may hold (<see cref="Mirroring.MirrorLabels.Unknown"/> when the data came from elsewhere); null unless <see cref="HeldKind.Other"/>.</param>
/// <param name="Username">The user name they may hold, when <paramref name="UsernameKnown"/>.</param>
/// <param name="UsernameKnown">False when nothing shows which user the held data names: a user switch is then assumed.</param>
public sealed record HeldVersion(HeldKind Kind, string? VersionId, string? Username, bool UsernameKnown)
{
    /// <summary>The Secret did not exist before this pass.</summary>
    public static HeldVersion Absent { get; } = new(HeldKind.Absent, null, null, false);

    /// <summary>The Secret already held the current data.</summary>
    public static HeldVersion Current { get; } = new(HeldKind.Current, null, null, false);

    /// <summary>What the status says was mirrored last: consumers were restarted for (or started with) that version.</summary>
    public static HeldVersion Mirrored(string versionId, string? username) => new(HeldKind.Other, versionId, username, true);
}
