namespace Rotator.Rotation.Aws.Sts;

/// <summary>Who the credentials belong to (GetCallerIdentity): for start-up diagnostics and tests.</summary>
public sealed record CallerIdentity(string Account, string Arn, string UserId);
