namespace Rotator.Rotation.Tests.Aws.SecretsManager;

/// <summary>A typed secret shape for <see cref="SecretRedactionTests"/>.</summary>
public sealed record PortOnly(int Port);
