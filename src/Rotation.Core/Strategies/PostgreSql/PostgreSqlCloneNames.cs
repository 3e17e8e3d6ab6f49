using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Strategies.PostgreSql;

/// <summary>
/// The user-name scheme of AWS's alternating-users template: <c>app</c> and <c>app_clone</c> take turns. A name too long
/// for <c>_clone</c> is cut to fit PostgreSQL's 63 bytes, without splitting a character, so the clone of a cut name is
/// not "strip the suffix"; the pair is then found from AWSPREVIOUS, which holds the other user after every rotation.
/// </summary>
internal static class PostgreSqlCloneNames
{
    public const string Suffix = "_clone";

    /// <summary>Whether the name has the clone suffix (ordinal: role names are compared byte for byte).</summary>
    public static bool IsClone(string userName) =>
        userName.EndsWith(Suffix, StringComparison.Ordinal) && userName.Length > Suffix.Length;

    /// <summary>The clone of an original: the name cut to 57 bytes, then <c>_clone</c>.</summary>
    public static string CloneOf(string original)
    {
        ArgumentException.ThrowIfNullOrEmpty(original);
        return PostgreSqlNames.Cut(original, PostgreSqlNames.MaxBytes - Suffix.Length) + Suffix;
    }

    /// <summary>
    /// The other user of the pair. For an original, its clone. For a clone, the previous user when it is the original
    /// this clone belongs to (the only way back from a cut name), else the name without the suffix, as AWS does.
    /// </summary>
    public static string AlternateOf(string current, string? previous)
    {
        ArgumentException.ThrowIfNullOrEmpty(current);
        if (!IsClone(current))
        {
            return CloneOf(current);
        }

        return previous is not null && !IsClone(previous) && string.Equals(CloneOf(previous), current, StringComparison.Ordinal)
            ? previous
            : current[..^Suffix.Length];
    }

    /// <summary>Whether the two names are an original and its clone, either way round.</summary>
    public static bool IsPair(string a, string b) =>
        (!IsClone(a) && string.Equals(CloneOf(a), b, StringComparison.Ordinal))
        || (!IsClone(b) && string.Equals(CloneOf(b), a, StringComparison.Ordinal));
}
