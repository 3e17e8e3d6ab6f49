using System.Globalization;

namespace Rotator.Rotation.MySql;

/// <summary>What a server accepts as a user name, checked before a statement is sent.</summary>
internal static class MySqlUserNames
{
    /// <exception cref="MySqlTargetException"><see cref="MySqlFailure.InvalidUserName"/>.</exception>
    public static void Validate(string? user, MySqlServerInfo server)
    {
        if (string.IsNullOrEmpty(user))
        {
            throw Invalid("a user name is required", user);
        }

        // The grant tables are utf8mb3: both servers store a character outside the BMP as '?' (MySQL with only a
        // warning), which would create or match a different user.
        if (user.Any(char.IsSurrogate))
        {
            throw Invalid("it contains a character outside the Basic Multilingual Plane, which the grant tables cannot store", user);
        }

        if (user.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid("it contains a NUL character", user);
        }

        // The server would store another name, which would then never be found byte for byte: the name columns are
        // CHAR, so both servers drop trailing spaces; MySQL also trims tabs, line breaks and spaces from both ends.
        if (user.EndsWith(' ') || (server.Flavor == MySqlFlavor.MySql && (IsTrimmedByMySql(user[0]) || IsTrimmedByMySql(user[^1]))))
        {
            throw Invalid($"it begins or ends with white space, which {server.Flavor} drops from the names it stores", user);
        }

        if (user.Length > server.MaxUserNameLength)
        {
            throw Invalid(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"it is {user.Length} characters long and {server.Flavor} {server.Version} accepts at most {server.MaxUserNameLength}"),
                user);
        }
    }

    private static bool IsTrimmedByMySql(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static MySqlTargetException Invalid(string why, string? user) =>
        new(MySqlFailure.InvalidUserName, $"user name '{user}' is not valid: {why}");
}
