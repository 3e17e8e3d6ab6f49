namespace Rotator.Rotation;

/// <summary>
/// Last line of defence for text that reaches messages and logs: servers echo input in their diagnostics more often
/// than anyone expects, so any text built from a server's answer is scrubbed of the secret that was sent.
/// </summary>
internal static class SecretRedaction
{
    public const string Mask = "***";

    public static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(text) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);
}
