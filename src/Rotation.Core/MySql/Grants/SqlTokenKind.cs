namespace Rotator.Rotation.MySql.Grants;

/// <summary>Lexical classes of the SQL the server prints in SHOW GRANTS.</summary>
internal enum SqlTokenKind
{
    /// <summary>Keyword, privilege name, number: letters, digits, <c>_</c> and <c>$</c>.</summary>
    Word,

    /// <summary><c>`name`</c>, with <c>``</c> for a backtick inside.</summary>
    BacktickIdentifier,

    /// <summary><c>'text'</c>.</summary>
    SingleQuoted,

    /// <summary><c>"text"</c>: a string, or an identifier under ANSI_QUOTES.</summary>
    DoubleQuoted,

    /// <summary>Any other single character: <c>, . ( ) @ *</c> ...</summary>
    Symbol,
}
