using System.Globalization;
using System.Text.Json;

namespace Rotator.Kubernetes.Exec;

/// <summary>
/// Reads the ExecCredential a plugin prints. Errors describe the shape that is wrong but never quote
/// the output: it is the token.
/// </summary>
internal static class ExecCredentialOutput
{
    public static (string Token, DateTimeOffset? ExpiresAt) Parse(string output, string expectedApiVersion, string plugin)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(output);
        }
        catch (JsonException e)
        {
            // The JsonException's own message quotes the offending character; only its position is safe.
            throw new ExecCredentialException(
                $"{plugin} printed no valid ExecCredential JSON on stdout (error at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ExecCredentialException($"{plugin} printed JSON that is not an ExecCredential object");
            }

            var apiVersion = StringProperty(root, "apiVersion");
            if (!string.Equals(apiVersion, expectedApiVersion, StringComparison.Ordinal))
            {
                throw new ExecCredentialException(
                    $"{plugin} answered with apiVersion '{apiVersion ?? "(none)"}' but was asked for '{expectedApiVersion}'");
            }

            var kind = StringProperty(root, "kind");
            if (!string.Equals(kind, "ExecCredential", StringComparison.Ordinal))
            {
                throw new ExecCredentialException($"{plugin} answered with kind '{kind ?? "(none)"}', expected 'ExecCredential'");
            }

            if (!root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object)
            {
                throw new ExecCredentialException($"{plugin} answered without status");
            }

            var token = StringProperty(status, "token");
            if (string.IsNullOrEmpty(token))
            {
                throw new ExecCredentialException(StringProperty(status, "clientCertificateData") is not null
                    ? $"{plugin} answered with a client certificate; only tokens from exec plugins are supported"
                    : $"{plugin} answered without status.token");
            }

            DateTimeOffset? expiresAt = null;
            if (StringProperty(status, "expirationTimestamp") is { Length: > 0 } expiration)
            {
                if (!DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    throw new ExecCredentialException($"{plugin} answered with status.expirationTimestamp '{expiration}', which is not an RFC 3339 time");
                }

                expiresAt = parsed;
            }

            return (token, expiresAt);
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
