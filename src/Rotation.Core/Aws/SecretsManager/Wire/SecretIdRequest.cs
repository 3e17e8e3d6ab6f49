namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>Input of operations that take only a secret id (DescribeSecret).</summary>
internal sealed record SecretIdRequest(string SecretId);
