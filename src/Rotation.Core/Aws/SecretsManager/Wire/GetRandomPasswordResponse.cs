using System.Text;

namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>GetRandomPassword output. Its ToString leaves the password out.</summary>
internal sealed record GetRandomPasswordResponse
{
    public string RandomPassword { get; init; } = "";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("RandomPassword = ").Append(RandomPassword.Length > 0 ? "<redacted>" : "<empty>");
        return true;
    }
}
