using System.Text;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// Writes names and values into SQL text. Role statements (CREATE/ALTER ROLE, GRANT, ALTER ROLE ... SET) take no bind
/// parameters, so every name and value they carry goes through here; queries bind theirs instead.
/// </summary>
internal static class PostgreSqlSyntax
{
    /// <summary><c>"name"</c> with <c>"</c> doubled: exact, case and all, whatever the server's settings.</summary>
    /// <remarks>Check the name with <see cref="PostgreSqlNames.Validate"/> first: the server cuts a longer one without an error.</remarks>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>
    /// A string constant that means <paramref name="value"/> whatever <c>standard_conforming_strings</c> says:
    /// <c>'...'</c> with quotes doubled, or, when the value holds a backslash, the escape form <c>E'...'</c> with
    /// backslashes doubled too (a plain constant would read them as escapes when the setting is off).
    /// </summary>
    public static string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("PostgreSQL text cannot hold a NUL character", nameof(value));
        }

        var quoted = new StringBuilder(value.Length + 3);
        var escape = value.Contains('\\', StringComparison.Ordinal);
        quoted.Append(escape ? "E'" : "'");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '\'' => "''",
                '\\' => @"\\",
                _ => c.ToString(),
            });
        }

        return quoted.Append('\'').ToString();
    }
}
