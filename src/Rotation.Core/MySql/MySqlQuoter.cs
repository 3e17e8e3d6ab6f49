namespace Rotator.Rotation.MySql;

/// <summary>
/// Writes values as SQL string literals for one session. Account names and passwords cannot be bound as parameters
/// (CREATE/ALTER USER and SET PASSWORD are not preparable, and the driver's client-side parameters escape for the
/// connection string's idea of the sql_mode, not the session's); so every value goes through here, escaped for the
/// session's sql_mode. The driver runs every statement in a command text, so this is the only thing between a user
/// name and SQL injection: the quoting is fuzzed against both servers.
/// </summary>
internal sealed class MySqlQuoter
{
    public MySqlQuoter(bool backslashEscapes) => BackslashEscapes = backslashEscapes;

    /// <summary>False when the session runs with NO_BACKSLASH_ESCAPES: then a backslash is an ordinary character.</summary>
    public bool BackslashEscapes { get; }

    /// <summary><c>'value'</c>, with quotes doubled and, unless NO_BACKSLASH_ESCAPES, backslashes and NUL escaped.</summary>
    public string Literal(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new System.Text.StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\'':
                    builder.Append("''");
                    break;
                case '\\' when BackslashEscapes:
                    builder.Append(@"\\");
                    break;
                case '\0' when BackslashEscapes:
                    builder.Append(@"\0");
                    break;
                case '\0':
                    throw new ArgumentException("a NUL character cannot be written in a NO_BACKSLASH_ESCAPES literal", nameof(value));
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('\'').ToString();
    }

    /// <summary><c>'user'@'host'</c>.</summary>
    public string Account(string user, string host) => $"{Literal(user)}@{Literal(host)}";

    /// <summary>
    /// A predicate matching a grant-table name column byte for byte: the tables compare case- and accent-insensitively
    /// in some collations, and <c>Root</c> is not <c>root</c>.
    /// </summary>
    public string ColumnEquals(string column, string value) => $"CAST({column} AS BINARY) = CAST({Literal(value)} AS BINARY)";
}
