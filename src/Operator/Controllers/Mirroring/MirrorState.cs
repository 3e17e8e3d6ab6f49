namespace Rotator.Operator.Controllers.Mirroring;

/// <summary>The target Secret as read, without writing: enough for the reconciler to skip an AWS call when nothing moved.</summary>
/// <param name="Exists">A Secret of the target name exists.</param>
/// <param name="Owned">It carries an ownerReference to this RotatingSecret (its uid).</param>
/// <param name="VersionId">Its <see cref="MirrorLabels.VersionId"/> annotation, if any.</param>
/// <param name="ResourceVersion">Its resourceVersion, if it exists.</param>
public sealed record MirrorState(bool Exists, bool Owned, string? VersionId, string? ResourceVersion);
