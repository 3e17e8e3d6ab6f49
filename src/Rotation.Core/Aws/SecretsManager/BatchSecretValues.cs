namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>The <c>AWSCURRENT</c> values of many secrets; secrets that could not be read are in <see cref="Errors"/>, not thrown.</summary>
public sealed record BatchSecretValues(IReadOnlyList<SecretValue> Values, IReadOnlyList<SecretValueError> Errors);
