namespace Rotator.Rotation.Aws.SecretsManager;

/// <summary>The staging labels Secrets Manager's rotation protocol uses.</summary>
public static class SecretVersionStages
{
    public const string Current = "AWSCURRENT";

    public const string Pending = "AWSPENDING";

    public const string Previous = "AWSPREVIOUS";
}
