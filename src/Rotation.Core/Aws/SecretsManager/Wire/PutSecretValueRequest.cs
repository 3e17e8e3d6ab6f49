using System.Text;

namespace Rotator.Rotation.Aws.SecretsManager.Wire;

/// <summary>PutSecretValue input; exactly one of the two value fields is set. Its ToString leaves the value out.</summary>
internal sealed record PutSecretValueRequest(string SecretId, string ClientRequestToken, string? SecretString, byte[]? SecretBinary, IReadOnlyList<string>? VersionStages)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("SecretId = ").Append(SecretId).Append(", ClientRequestToken = ").Append(ClientRequestToken).Append(", Value = <redacted>");
        return true;
    }
}
