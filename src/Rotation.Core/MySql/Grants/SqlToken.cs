namespace Rotator.Rotation.MySql.Grants;

/// <summary>One token of a SQL text, as a span of that text (so the server's own quoting is reused verbatim).</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, int Start, int End)
{
    public string Text(string source) => source[Start..End];

    public bool IsWord(string source, string word) =>
        Kind == SqlTokenKind.Word && source.AsSpan(Start, End - Start).Equals(word, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string source, char symbol) => Kind == SqlTokenKind.Symbol && source[Start] == symbol;

    public bool IsQuoted => Kind is SqlTokenKind.BacktickIdentifier or SqlTokenKind.SingleQuoted or SqlTokenKind.DoubleQuoted;
}
