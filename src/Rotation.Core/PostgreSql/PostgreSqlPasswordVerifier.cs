using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// Computes on this side what PostgreSQL stores for a password, so a statement that sets one carries a verifier and the
/// password itself never reaches the server, its statement log or <c>pg_stat_activity</c> (psql's \password works the same way).
/// PostgreSQL stores a string of either shape as it is, whatever <c>password_encryption</c> says.
/// </summary>
internal static class PostgreSqlPasswordVerifier
{
    /// <summary>PostgreSQL's default (<c>scram_iterations</c>, and what libpq uses).</summary>
    public const int ScramIterations = 4096;

    public const int SaltLength = 16;

    private static readonly byte[] ClientKeyText = "Client Key"u8.ToArray();
    private static readonly byte[] ServerKeyText = "Server Key"u8.ToArray();

    /// <summary>The encoding a session's <c>password_encryption</c> asks for: md5 (or the pre-10 <c>on</c>) means MD5, anything else SCRAM.</summary>
    public static PostgreSqlPasswordEncoding EncodingFor(string? passwordEncryption) =>
        passwordEncryption?.Trim().ToLowerInvariant() is "md5" or "on" or "true"
            ? PostgreSqlPasswordEncoding.Md5
            : PostgreSqlPasswordEncoding.ScramSha256;

    public static string Compute(PostgreSqlPasswordEncoding encoding, string password, string role) => encoding switch
    {
        PostgreSqlPasswordEncoding.Md5 => Md5(password, role),
        _ => Scram(password),
    };

    /// <summary>A SCRAM-SHA-256 verifier with a fresh random 16-byte salt and 4096 iterations.</summary>
    public static string Scram(string password) => Scram(password, RandomNumberGenerator.GetBytes(SaltLength), ScramIterations);

    /// <summary>RFC 5802: SaltedPassword = PBKDF2-HMAC-SHA-256; StoredKey = H(HMAC(SaltedPassword, "Client Key")); ServerKey = HMAC(SaltedPassword, "Server Key").</summary>
    public static string Scram(string password, byte[] salt, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        var prepared = Prepare(password);
        try
        {
            var salted = Rfc2898DeriveBytes.Pbkdf2(prepared, salt, iterations, HashAlgorithmName.SHA256, SHA256.HashSizeInBytes);
            var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, ClientKeyText));
            var serverKey = HMACSHA256.HashData(salted, ServerKeyText);
            CryptographicOperations.ZeroMemory(salted);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prepared);
        }
    }

    /// <summary>PostgreSQL's MD5 form: <c>md5</c> + hex(MD5(password bytes + role name bytes)), both UTF-8.</summary>
    public static string Md5(string password, string role)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(role);
        var input = Encoding.UTF8.GetBytes(password + role);
        try
        {
            // MD5 is PostgreSQL's format here, not a choice: it is used only where the server asks for it.
#pragma warning disable CA5351
            return "md5" + Convert.ToHexStringLower(MD5.HashData(input));
#pragma warning restore CA5351
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>
    /// The bytes SCRAM hashes. PostgreSQL runs the password through SASLprep (RFC 4013) on both sides and, where SASLprep
    /// fails (a prohibited character), uses the raw UTF-8 bytes instead; the verifier must be made from the same bytes, or
    /// the password will not log in.
    /// </summary>
    /// <remarks>
    /// SASLprep maps some characters, applies NFKC and then checks for prohibited ones. This process cannot apply NFKC (it
    /// runs with invariant globalization, where .NET's normalization does nothing, and so does Npgsql's), so it uses the raw
    /// bytes only where they are provably what SASLprep gives: a pure ASCII password (PostgreSQL leaves ASCII alone, control
    /// characters included; GetRandomPassword only makes ASCII), a password SASLprep rejects (so PostgreSQL falls back to
    /// the raw bytes too), or one whose every character SASLprep leaves alone (<see cref="SaslPrep.LeavesAlone"/>: accented
    /// Latin, Greek, Cyrillic, CJK, kana, Hangul). Any other non-ASCII password is refused before anything is sent, rather
    /// than stored in a form that its clients' SASLprep would not log in with.
    /// </remarks>
    /// <exception cref="PostgreSqlTargetException"><see cref="PostgreSqlFailure.PasswordRejected"/>.</exception>
    internal static byte[] Prepare(string password)
    {
        var runes = new List<Rune>(password.Length);
        var index = 0;
        while (index < password.Length)
        {
            if (Rune.DecodeFromUtf16(password.AsSpan(index), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                throw new PostgreSqlTargetException(PostgreSqlFailure.PasswordRejected, "the password is not valid text (a lone UTF-16 surrogate)");
            }

            runes.Add(rune);
            index += used;
        }

        if (runes.Any(SaslPrep.Prohibits) || runes.All(SaslPrep.LeavesAlone))
        {
            return Encoding.UTF8.GetBytes(password);
        }

        // Which characters is not said: that would be part of the password.
        throw new PostgreSqlTargetException(
            PostgreSqlFailure.PasswordRejected,
            "the password has non-ASCII characters that SASLprep may normalize, which this process cannot do; "
            + "its SCRAM verifier could not match what clients send, so it was not set (ASCII passwords, as GetRandomPassword makes, always work)");
    }
}
