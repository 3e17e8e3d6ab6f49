using System.Globalization;
using System.Text;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// What PostgreSQL accepts as a role or database name. Its limit is 63 bytes (NAMEDATALEN - 1) in the server encoding, and a
/// longer name is cut with only a NOTICE, which would create or alter a different role; so names are measured before
/// anything is sent.
/// </summary>
internal static class PostgreSqlNames
{
    public const int MaxBytes = 63;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The name's length in UTF-8 bytes; -1 when it is not valid text (a lone UTF-16 surrogate).</summary>
    public static int ByteLength(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return StrictUtf8.GetByteCount(name);
        }
        catch (EncoderFallbackException)
        {
            return -1;
        }
    }

    /// <param name="name">The name.</param>
    /// <param name="what">What it names, for the message: <c>role</c>, <c>database</c>.</param>
    /// <param name="serverEncoding">The server's <c>server_encoding</c>; a non-ASCII name is measured in UTF-8, so other encodings are refused for it.</param>
    /// <exception cref="PostgreSqlTargetException"><see cref="PostgreSqlFailure.InvalidName"/>.</exception>
    public static void Validate(string? name, string what, string serverEncoding = "UTF8")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw Invalid(what, name, "it is empty");
        }

        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(what, name, "it contains a NUL character");
        }

        var bytes = ByteLength(name);
        if (bytes < 0)
        {
            throw Invalid(what, name, "it is not valid text (a lone UTF-16 surrogate)");
        }

        if (bytes > MaxBytes)
        {
            throw Invalid(what, name, string.Create(CultureInfo.InvariantCulture, $"it is {bytes} bytes long in UTF-8 and PostgreSQL keeps at most {MaxBytes}"));
        }

        if (!name.All(char.IsAscii) && !IsUtf8(serverEncoding))
        {
            throw Invalid(what, name, $"it has non-ASCII characters and the server encoding is {serverEncoding}, not UTF8");
        }
    }

    /// <summary>
    /// The longest start of <paramref name="name"/> that fits in <paramref name="maxBytes"/> UTF-8 bytes without splitting a
    /// character: whole text elements only, so neither a multi-byte sequence nor a base letter and its combining marks are torn.
    /// </summary>
    public static string Cut(string name, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (Encoding.UTF8.GetByteCount(name) <= maxBytes)
        {
            return name;
        }

        var kept = new StringBuilder();
        var bytes = 0;
        var elements = StringInfo.GetTextElementEnumerator(name);
        while (elements.MoveNext())
        {
            var element = elements.GetTextElement();
            var size = Encoding.UTF8.GetByteCount(element);
            if (bytes + size > maxBytes)
            {
                break;
            }

            kept.Append(element);
            bytes += size;
        }

        return kept.ToString();
    }

    private static bool IsUtf8(string encoding) =>
        encoding.Replace("-", "", StringComparison.Ordinal).Equals("UTF8", StringComparison.OrdinalIgnoreCase);

    private static PostgreSqlTargetException Invalid(string what, string? name, string why) =>
        new(PostgreSqlFailure.InvalidName, $"{what} name '{name}' is not valid: {why}");
}
