namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>GetRandomPassword output.</summary>
internal sealed record GetRandomPasswordResponse
{
    public string RandomPassword { get; init; } = "";
}
