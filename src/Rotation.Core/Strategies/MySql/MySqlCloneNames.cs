namespace Rotator.Rotation.Strategies.MySql;

/// <summary>The user-name scheme of AWS's alternating-users template: <c>app</c> and <c>app_clone</c> take turns.</summary>
internal static class MySqlCloneNames
{
    public const string Suffix = "_clone";

    /// <summary>The other user of the pair: strips <c>_clone</c> when present, appends it otherwise.</summary>
    public static string AlternateOf(string userName)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);

        // Ordinal: MySQL user names are compared byte for byte, and "_CLONE" is a different user.
        return userName.EndsWith(Suffix, StringComparison.Ordinal) && userName.Length > Suffix.Length
            ? userName[..^Suffix.Length]
            : userName + Suffix;
    }
}
