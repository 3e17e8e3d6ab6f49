namespace Rotator.Rotation.Engine;

/// <summary>The plain outcomes every part of the engine returns, spelled once.</summary>
internal static class RotationOutcomes
{
    public static RotationOutcome Of(string secretId, string? versionId, RotationResult result, string reason, string message) =>
        new() { SecretId = secretId, VersionId = versionId, Result = result, Reason = reason, Message = message };

    /// <summary>Nothing was changed, and the cause is something a user has to fix.</summary>
    public static RotationOutcome Refused(string secretId, string? versionId, string reason, string message) =>
        Of(secretId, versionId, RotationResult.Refused, reason, message);
}
