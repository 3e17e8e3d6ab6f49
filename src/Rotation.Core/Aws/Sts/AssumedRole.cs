using Rotator.Rotation.Aws.Credentials;

namespace Rotator.Rotation.Aws.Sts;

/// <summary>The answer of AssumeRole. Printing it prints the credentials redacted.</summary>
/// <param name="Credentials">Temporary credentials, with their expiration.</param>
/// <param name="AssumedRoleArn"><c>arn:aws:sts::123456789012:assumed-role/role/session</c>.</param>
/// <param name="AssumedRoleId">The role id and session name, as CloudTrail records them.</param>
public sealed record AssumedRole(AwsCredentials Credentials, string AssumedRoleArn, string AssumedRoleId);
