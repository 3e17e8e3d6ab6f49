namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>
/// A secret's value is not in the expected format. Names the secret, the version and where parsing
/// failed; never the value, nor an inner parser exception (whose message would quote it).
/// </summary>
public sealed class SecretFormatException : Exception
{
    public SecretFormatException()
    {
    }

    public SecretFormatException(string message)
        : base(message)
    {
    }

    public SecretFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SecretFormatException(string secretId, string versionId, string problem)
        : base($"secret '{secretId}' version {versionId}: {problem}")
    {
        SecretId = secretId;
        VersionId = versionId;
    }

    public string SecretId { get; } = "";

    public string VersionId { get; } = "";
}
