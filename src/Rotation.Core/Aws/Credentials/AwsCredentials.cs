using System.Text;

namespace Rotator.Rotation.Aws.Credentials;

/// <summary>
/// One set of AWS credentials as our signer uses them. <see cref="ToString"/> names only the access
/// key id: the secret key and session token must never reach a log line by way of string formatting.
/// </summary>
/// <param name="AccessKeyId">Access key id (not a secret; it appears in every signed request).</param>
/// <param name="SecretAccessKey">Secret access key.</param>
/// <param name="SessionToken">Session token of temporary credentials, else null.</param>
/// <param name="Expiration">When temporary credentials stop working, when known.</param>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expiration = null)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AccessKeyId = ").Append(AccessKeyId)
            .Append(", SecretAccessKey = <redacted>, SessionToken = ").Append(SessionToken is null ? "<none>" : "<redacted>")
            .Append(", Expiration = ").Append(Expiration?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "<none>");
        return true;
    }
}
