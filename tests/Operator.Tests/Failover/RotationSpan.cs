namespace Rotator.Operator.Tests.Failover;

/// <summary>
/// One rotation of one secret as moto saw it: from the first PutSecretValue of its version with
/// AWSPENDING to AWSCURRENT moving onto that version (or AWSPENDING being removed from it, when abandoned).
/// Positions are arrival sequence numbers at the recording proxy; <see cref="Ended"/> is null while open.
/// </summary>
internal sealed record RotationSpan(string SecretId, string VersionId, long Started, DateTimeOffset StartedAt)
{
    public long? Ended { get; init; }

    public bool BecameCurrent { get; init; }

    public bool Abandoned { get; init; }
}
