namespace Rotator.Rotation.MySql.Grants;

/// <summary>
/// Splits SQL printed by the server into tokens. Only as much of MySQL's lexical grammar as SHOW GRANTS uses, but
/// quoting is exact, so a quote or keyword inside a name can never be mistaken for structure.
/// </summary>
internal static class SqlLexer
{
    /// <param name="sql">The text.</param>
    /// <param name="backslashEscapes">False when the session runs with NO_BACKSLASH_ESCAPES.</param>
    /// <exception cref="FormatException">A quoted token is not closed.</exception>
    public static IReadOnlyList<SqlToken> Tokenize(string sql, bool backslashEscapes)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            switch (c)
            {
                case '`':
                    i = EndOfQuoted(sql, i, '`', backslashEscapes: false);
                    tokens.Add(new SqlToken(SqlTokenKind.BacktickIdentifier, start, i));
                    break;
                case '\'':
                    i = EndOfQuoted(sql, i, '\'', backslashEscapes);
                    tokens.Add(new SqlToken(SqlTokenKind.SingleQuoted, start, i));
                    break;
                case '"':
                    i = EndOfQuoted(sql, i, '"', backslashEscapes);
                    tokens.Add(new SqlToken(SqlTokenKind.DoubleQuoted, start, i));
                    break;
                default:
                    if (IsWordChar(c))
                    {
                        while (i < sql.Length && IsWordChar(sql[i]))
                        {
                            i++;
                        }

                        tokens.Add(new SqlToken(SqlTokenKind.Word, start, i));
                    }
                    else
                    {
                        i++;
                        tokens.Add(new SqlToken(SqlTokenKind.Symbol, start, i));
                    }

                    break;
            }
        }

        return tokens;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static int EndOfQuoted(string sql, int open, char quote, bool backslashEscapes)
    {
        for (var i = open + 1; i < sql.Length; i++)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i++;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i++;
                }
                else
                {
                    return i + 1;
                }
            }
        }

        throw new FormatException($"unterminated {quote}-quoted text at offset {open}");
    }
}
