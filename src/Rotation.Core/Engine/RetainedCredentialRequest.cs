using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Engine;

/// <summary>A request to drop the credential a rotation kept working on purpose, once consumers run on <see cref="VersionId"/>.</summary>
public sealed record RetainedCredentialRequest
{
    /// <summary>Secrets Manager name or ARN.</summary>
    public required string SecretId { get; init; }

    /// <summary>The version consumers now run on (AWSCURRENT): only its credential keeps working.</summary>
    public required string VersionId { get; init; }

    /// <summary>Unused by the discard, required by the context strategies read.</summary>
    public IPasswordSource? Passwords { get; init; }
}
