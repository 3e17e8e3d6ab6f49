namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>RotateSecret input (the wire spells it RotationLambdaARN).</summary>
internal sealed record RotateSecretRequest(string SecretId, string ClientRequestToken, string? RotationLambdaARN, RotationRules? RotationRules, bool? RotateImmediately);
