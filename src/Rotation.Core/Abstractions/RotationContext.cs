using Rotator.Rotation.Aws.SecretsManager;

namespace Rotator.Rotation.Abstractions;

/// <summary>Everything a strategy may read during one rotation. Holds secret values: never log it.</summary>
public sealed record RotationContext
{
    /// <summary>Secrets Manager name or ARN.</summary>
    public required string SecretId { get; init; }

    /// <summary>The rotation's ClientRequestToken, which is also the new version's id.</summary>
    public required string VersionId { get; init; }

    /// <summary>The version labelled AWSCURRENT when the rotation (re)started.</summary>
    public required SecretValue Current { get; init; }

    /// <summary>The AWSPENDING value of <see cref="VersionId"/>; null only during createSecret.</summary>
    public SecretValue? Pending { get; init; }

    /// <summary>The version labelled AWSPREVIOUS, if any (single user falls back to it to log in).</summary>
    public SecretValue? Previous { get; init; }

    /// <summary>Secrets Manager, for strategies that read other secrets (the MySQL admin secret).</summary>
    public required ISecretsManager SecretsManager { get; init; }

    /// <summary>Generates passwords with the resource's policy.</summary>
    public required IPasswordSource Passwords { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where a strategy leaves remarks for the outcome; shared by every copy of this context made with <c>with</c>.</summary>
    public RotationNotes Notes { get; init; } = new();

    /// <summary>Never prints values.</summary>
    public override string ToString() => $"RotationContext {{ SecretId = {SecretId}, VersionId = {VersionId} }}";
}
