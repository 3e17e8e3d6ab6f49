using System.Text;

namespace Rotator.Rotation.PostgreSql;

/// <summary>
/// One per-role setting (<c>ALTER ROLE ... [IN DATABASE ...] SET name = value</c>) as <c>pg_db_role_setting</c> stores it:
/// <c>name=value</c>, the value already flattened to text. Its value may be anything a user put there, so it is never
/// printed: <see cref="ToString"/> and <see cref="Describe"/> name the setting only.
/// </summary>
/// <param name="Database">The database it applies in; null for every database.</param>
/// <param name="Name">The parameter name as stored.</param>
/// <param name="Value">The stored value.</param>
internal sealed record PostgreSqlRoleSetting(string? Database, string Name, string Value)
{
    /// <summary>
    /// Parameters whose stored value is a list of double-quoted elements (GUC_LIST_QUOTE). Given back as one string they
    /// would become one element; pg_dump keeps the same list for the same reason.
    /// </summary>
    private static readonly HashSet<string> ListParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "local_preload_libraries", "search_path", "session_preload_libraries", "shared_preload_libraries", "temp_tablespaces",
        "unix_socket_directories",
    };

    /// <summary>Reads one <c>setconfig</c> entry; null when it has no <c>=</c> (not something the server writes).</summary>
    public static PostgreSqlRoleSetting? Parse(string? database, string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var eq = entry.IndexOf('=', StringComparison.Ordinal);
        return eq <= 0 ? null : new PostgreSqlRoleSetting(string.IsNullOrEmpty(database) ? null : database, entry[..eq], entry[(eq + 1)..]);
    }

    /// <summary>Same database and parameter (names compare case-insensitively, as the server does).</summary>
    public bool SameSlotAs(PostgreSqlRoleSetting other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Database, other.Database, StringComparison.Ordinal) && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The statement that gives <paramref name="role"/> this setting, so that the server stores the same text.</summary>
    public string ToAlterRole(string role)
    {
        var scope = Database is null ? "" : $" IN DATABASE {PostgreSqlSyntax.Identifier(Database)}";
        var values = ListParameters.Contains(Name) && SplitList(Value) is { } items
            ? string.Join(", ", items.Select(PostgreSqlSyntax.Literal))
            : PostgreSqlSyntax.Literal(Value);
        return $"ALTER ROLE {PostgreSqlSyntax.Identifier(role)}{scope} SET {PostgreSqlSyntax.Identifier(Name)} TO {values}";
    }

    /// <summary>For messages and reports: the parameter and where it applies, without its value.</summary>
    public string Describe() => Database is null ? $"setting {Name}" : $"setting {Name} in database {Database}";

    public override string ToString() => $"PostgreSqlRoleSetting {{ {Describe()} }}";

    /// <summary>
    /// Splits a flattened list value (<c>"$user", public</c>) into its elements: comma-separated, each either bare or in
    /// double quotes with <c>""</c> for a quote. Null when the text is not such a list.
    /// </summary>
    internal static IReadOnlyList<string>? SplitList(string value)
    {
        var items = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            var item = new StringBuilder();
            if (i < value.Length && value[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= value.Length)
                    {
                        return null;
                    }

                    if (value[i] == '"')
                    {
                        if (i + 1 < value.Length && value[i + 1] == '"')
                        {
                            item.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    item.Append(value[i++]);
                }
            }
            else
            {
                while (i < value.Length && value[i] != ',' && !char.IsWhiteSpace(value[i]))
                {
                    item.Append(value[i++]);
                }
            }

            items.Add(item.ToString());
            while (i < value.Length && char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            if (i >= value.Length)
            {
                return items;
            }

            if (value[i] != ',')
            {
                return null;
            }

            i++;
        }
    }
}
