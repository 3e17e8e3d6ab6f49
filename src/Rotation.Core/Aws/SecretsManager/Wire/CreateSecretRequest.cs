using System.Text;

namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>CreateSecret input; at most one of the two value fields is set. Its ToString leaves the value out.</summary>
internal sealed record CreateSecretRequest(
    string Name,
    string ClientRequestToken,
    string? Description,
    string? KmsKeyId,
    string? SecretString,
    byte[]? SecretBinary,
    IReadOnlyList<SecretTag>? Tags)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Name = ").Append(Name).Append(", ClientRequestToken = ").Append(ClientRequestToken).Append(", Value = <redacted>");
        return true;
    }
}
