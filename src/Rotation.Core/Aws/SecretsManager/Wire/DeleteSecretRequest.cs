namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>DeleteSecret input; exactly one of the two deletion fields is set.</summary>
internal sealed record DeleteSecretRequest(string SecretId, long? RecoveryWindowInDays, bool? ForceDeleteWithoutRecovery);
