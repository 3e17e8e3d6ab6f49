namespace Rotator.Rotation.MySql.Grants;

/// <summary>
/// Reads the lines of <c>SHOW GRANTS FOR account</c> into <see cref="AccountGrants"/>. The grantee is whatever follows
/// the top-level <c>TO</c> (the statement was asked for one account), so the account's own name is never interpreted.
/// MariaDB's account clauses on the USAGE line (<c>IDENTIFIED BY PASSWORD '*hash'</c>, <c>IDENTIFIED VIA ...</c>,
/// <c>REQUIRE ...</c>, resource limits) are dropped: those are copied from <c>mysql.user</c>, never replayed, so a
/// password hash is never re-sent.
/// </summary>
internal static class ShowGrantsParser
{
    public static AccountGrants Parse(IEnumerable<string> lines, bool backslashEscapes)
    {
        var privileges = new HashSet<PrivilegeGrant>();
        var roles = new HashSet<RoleGrant>();
        string? defaultRole = null;
        foreach (var line in lines)
        {
            var tokens = SqlLexer.Tokenize(line, backslashEscapes);
            if (tokens.Count > 0 && tokens[0].IsWord(line, "GRANT"))
            {
                ParseGrant(line, tokens, privileges, roles);
            }
            else if (tokens.Count > 3 && tokens[0].IsWord(line, "SET") && tokens[1].IsWord(line, "DEFAULT") && tokens[2].IsWord(line, "ROLE"))
            {
                defaultRole = ParseDefaultRole(line, tokens);
            }
            else
            {
                throw Unsupported(line, tokens);
            }
        }

        return new AccountGrants(privileges, roles, defaultRole);
    }

    private static void ParseGrant(string line, IReadOnlyList<SqlToken> tokens, HashSet<PrivilegeGrant> privileges, HashSet<RoleGrant> roles)
    {
        var to = FindTopLevelWord(line, tokens, "TO", 1, tokens.Count);
        if (to < 0 || to + 1 >= tokens.Count)
        {
            throw Unsupported(line, tokens);
        }

        var on = FindTopLevelWord(line, tokens, "ON", 1, to);
        var afterGrantee = SkipAccount(line, tokens, to + 1);
        var (grantOption, adminOption) = WithOptions(line, tokens, afterGrantee);
        if (on < 0)
        {
            foreach (var (start, end) in SplitTopLevel(line, tokens, 1, to))
            {
                roles.Add(new RoleGrant(Span(line, tokens, start, end), adminOption));
            }

            return;
        }

        if (on + 1 >= to || on == 1)
        {
            throw Unsupported(line, tokens);
        }

        var target = Span(line, tokens, on + 1, to);
        foreach (var (start, end) in SplitTopLevel(line, tokens, 1, on))
        {
            AddPrivilege(line, tokens, start, end, target, grantOption, privileges);
        }
    }

    private static void AddPrivilege(string line, IReadOnlyList<SqlToken> tokens, int start, int end, string target, bool grantOption, HashSet<PrivilegeGrant> privileges)
    {
        var open = start;
        while (open < end && !tokens[open].IsSymbol(line, '('))
        {
            open++;
        }

        var words = new List<string>();
        for (var i = start; i < open; i++)
        {
            if (tokens[i].Kind != SqlTokenKind.Word)
            {
                throw Unsupported(line, tokens);
            }

            words.Add(tokens[i].Text(line).ToUpperInvariant());
        }

        var privilege = string.Join(' ', words);
        if (privilege.Length == 0)
        {
            throw Unsupported(line, tokens);
        }

        if (open == end)
        {
            // USAGE means "no privileges"; it only matters when it carries the grant option.
            if (privilege != PrivilegeGrant.Usage || grantOption)
            {
                privileges.Add(new PrivilegeGrant(target, privilege, null, grantOption));
            }

            return;
        }

        if (!tokens[end - 1].IsSymbol(line, ')'))
        {
            throw Unsupported(line, tokens);
        }

        foreach (var (columnStart, columnEnd) in SplitTopLevel(line, tokens, open + 1, end - 1))
        {
            privileges.Add(new PrivilegeGrant(target, privilege, Span(line, tokens, columnStart, columnEnd), grantOption));
        }
    }

    private static string? ParseDefaultRole(string line, IReadOnlyList<SqlToken> tokens)
    {
        var @for = FindTopLevelWord(line, tokens, "FOR", 3, tokens.Count);
        if (@for <= 3)
        {
            throw Unsupported(line, tokens);
        }

        var role = Span(line, tokens, 3, @for);
        return role.Equals("NONE", StringComparison.OrdinalIgnoreCase) ? null : role;
    }

    /// <summary>Skips <c>'user'@'host'</c> (or a bare role name) and returns the index after it.</summary>
    private static int SkipAccount(string line, IReadOnlyList<SqlToken> tokens, int index)
    {
        index++;
        if (index + 1 < tokens.Count && tokens[index].IsSymbol(line, '@'))
        {
            index += 2;
        }

        return index;
    }

    /// <summary>Reads <c>WITH GRANT OPTION</c> / <c>WITH ADMIN OPTION</c>, ignoring MariaDB's IDENTIFIED, REQUIRE and resource limits.</summary>
    private static (bool GrantOption, bool AdminOption) WithOptions(string line, IReadOnlyList<SqlToken> tokens, int index)
    {
        var with = FindTopLevelWord(line, tokens, "WITH", index, tokens.Count);
        var grantOption = false;
        var adminOption = false;
        for (var i = with < 0 ? tokens.Count : with + 1; i + 1 < tokens.Count; i++)
        {
            if (tokens[i + 1].IsWord(line, "OPTION"))
            {
                grantOption |= tokens[i].IsWord(line, "GRANT");
                adminOption |= tokens[i].IsWord(line, "ADMIN");
            }
        }

        return (grantOption, adminOption);
    }

    private static int FindTopLevelWord(string line, IReadOnlyList<SqlToken> tokens, string word, int from, int to)
    {
        var depth = 0;
        for (var i = from; i < to; i++)
        {
            if (tokens[i].IsSymbol(line, '('))
            {
                depth++;
            }
            else if (tokens[i].IsSymbol(line, ')'))
            {
                depth--;
            }
            else if (depth == 0 && tokens[i].IsWord(line, word))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<(int Start, int End)> SplitTopLevel(string line, IReadOnlyList<SqlToken> tokens, int from, int to)
    {
        var parts = new List<(int, int)>();
        var depth = 0;
        var start = from;
        for (var i = from; i < to; i++)
        {
            if (tokens[i].IsSymbol(line, '('))
            {
                depth++;
            }
            else if (tokens[i].IsSymbol(line, ')'))
            {
                depth--;
            }
            else if (depth == 0 && tokens[i].IsSymbol(line, ','))
            {
                parts.Add((start, i));
                start = i + 1;
            }
        }

        parts.Add((start, to));
        return parts.Any(p => p.Item1 >= p.Item2) ? throw new FormatException("empty item in a SHOW GRANTS list") : parts;
    }

    private static string Span(string line, IReadOnlyList<SqlToken> tokens, int start, int end) =>
        line[tokens[start].Start..tokens[end - 1].End];

    private static MySqlTargetException Unsupported(string line, IReadOnlyList<SqlToken> tokens)
    {
        // Only the statement's first word: the rest of a line can hold a password hash (MariaDB).
        var verb = tokens.Count > 0 && tokens[0].Kind == SqlTokenKind.Word ? tokens[0].Text(line) : "(empty)";
        var hint = verb.Equals("REVOKE", StringComparison.OrdinalIgnoreCase) ? " (partial revokes are not copied)" : "";
        return new MySqlTargetException(
            MySqlFailure.NotSupported,
            $"SHOW GRANTS printed a '{verb} ...' line whose form this adapter does not copy{hint}");
    }
}
