using System.Text;

namespace Rotator.Rotation.Tests.Fuzz;

/// <summary>
/// Generates user names, hosts and passwords built to break SQL quoting: quotes of every kind, backslashes before
/// quotes, statement separators, the three comment syntaxes and conditional comments, parameter markers, line breaks,
/// non-ASCII letters (look-alike apostrophes among them), and whole injections aimed at one run's canary table and
/// sentinel account, so that a quoting mistake runs a statement the checks see.
/// </summary>
/// <param name="random">The case's seeded source.</param>
/// <param name="canaryTable">The run's canary, <c>db.table</c>.</param>
/// <param name="sentinelUser">The run's sentinel account's user name (host '%').</param>
internal sealed class AccountNameFuzzer(Random random, string canaryTable, string sentinelUser)
{
    private static readonly string[] AsciiTokens =
    [
        "'", "\"", "`", "\\", "\\\\", "\\'", "''", "\\\"", "\\`", ";", "--", "-- ", "#", "/*", "*/", "/*!", "/*!50000 ", "*/;",
        "%", "_", "@", "?", ":p", "$1", "\n", "\r\n", "\t", " ", "a", "Z", "x", "0", "9", ".", ",", "(", ")", "=",
    ];

    private static readonly string[] UnicodeTokens = ["ü", "名", "Ω", "€", "\u00A0", "\u2028", "\u02BC", "\uFF07", "\u2019", "\u0131"];

    private string[] Injections =>
    [
        $"';DROP TABLE {canaryTable};-- ",
        $"\\';DROP TABLE {canaryTable};#",
        $"';INSERT INTO {canaryTable} VALUES(666);#",
        $"';DROP USER {sentinelUser};-- ",
        $"`;DROP TABLE {canaryTable};#",
        $"\";DROP TABLE {canaryTable};#",
        $"*/;DROP TABLE {canaryTable};/*",
        $"'@'%';DROP USER {sentinelUser};#",
        $"' IDENTIFIED BY 'x';DROP TABLE {canaryTable};#",
        $"\\\\';DELETE FROM {canaryTable};#",
    ];

    /// <summary>
    /// A user name of at most <paramref name="maxLength"/> characters that the server stores as given: never empty, no
    /// trailing space (the grant tables drop it) and, for MySQL, no white space at either end (it trims it). The adapter
    /// refuses such names, which MySqlNameSafetyTests covers.
    /// </summary>
    public string UserName(int maxLength, bool mySql)
    {
        var name = Build(maxLength, unicode: true).TrimEnd(' ');
        return NonEmpty(mySql ? name.Trim(' ', '\t', '\n', '\v', '\f', '\r') : name, "u");
    }

    /// <summary>
    /// A host part. Both servers refuse '@' in a host ("Malformed hostname"). MySQL (<paramref name="mySql"/>) keeps
    /// hosts in an ASCII column and reads a backslash in a host as an escape when it looks an account up for ALTER USER
    /// or GRANT, so an account whose host has one cannot be changed at all; its hosts get neither.
    /// </summary>
    public string Host(int maxLength, bool mySql)
    {
        var host = Build(maxLength, unicode: !mySql).Replace("@", "", StringComparison.Ordinal);
        host = mySql ? host.Replace("\\", "", StringComparison.Ordinal) : host;
        return NonEmpty(host.Trim(' '), "h");
    }

    public string Password() => NonEmpty(Build(40, unicode: true), "p");

    private string Build(int maxLength, bool unicode)
    {
        var length = random.Next(1, maxLength + 1);
        var text = new StringBuilder();
        while (text.Length < length)
        {
            var piece = random.Next(10) switch
            {
                0 or 1 => Injections[random.Next(Injections.Length)],
                2 when unicode => UnicodeTokens[random.Next(UnicodeTokens.Length)],
                _ => AsciiTokens[random.Next(AsciiTokens.Length)],
            };
            text.Append(piece);
        }

        return text.ToString(0, Math.Min(text.Length, maxLength));
    }

    private static string NonEmpty(string text, string fallback) => text.Length > 0 ? text : fallback;
}
