namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>A tag on a secret.</summary>
public sealed record SecretTag(string Key, string Value);
