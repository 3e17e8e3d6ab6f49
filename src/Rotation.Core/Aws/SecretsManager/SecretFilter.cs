namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A ListSecrets filter: values are prefixes; a leading <c>!</c> negates one.</summary>
public sealed record SecretFilter(SecretFilterKey Key, IReadOnlyList<string> Values);
