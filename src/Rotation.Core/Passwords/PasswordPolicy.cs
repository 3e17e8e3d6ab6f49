namespace Rotator.Rotation.Passwords;

/// <summary>
/// What a generated password may and must contain, with exactly the parameters and defaults of Secrets
/// Manager's GetRandomPassword, so a resource's <c>password</c> block means the same here as there.
/// </summary>
public sealed record PasswordPolicy
{
    public const int MinLength = 1;

    public const int MaxLength = 4096;

    public const int DefaultLength = 32;

    /// <summary>
    /// The characters AWS's MySQL rotation templates exclude: they break connection strings, URLs and
    /// shell quoting.
    /// </summary>
    public const string MySqlExcludeCharacters = "/@\"'\\";

    /// <summary>GetRandomPassword's defaults: 32 characters, every type, each at least once, no space.</summary>
    public static PasswordPolicy Default { get; } = new();

    /// <summary>The defaults with <see cref="MySqlExcludeCharacters"/> excluded.</summary>
    public static PasswordPolicy MySqlDefault { get; } = new() { ExcludeCharacters = MySqlExcludeCharacters };

    /// <summary>1 to 4096.</summary>
    public int PasswordLength { get; init; } = DefaultLength;

    /// <summary>Characters that must not appear.</summary>
    public string ExcludeCharacters { get; init; } = "";

    public bool ExcludeNumbers { get; init; }

    public bool ExcludePunctuation { get; init; }

    public bool ExcludeUppercase { get; init; }

    public bool ExcludeLowercase { get; init; }

    /// <summary>Whether the space character may appear (never required, as with GetRandomPassword).</summary>
    public bool IncludeSpace { get; init; }

    /// <summary>At least one character of each included type: lowercase, uppercase, digit, punctuation.</summary>
    public bool RequireEachIncludedType { get; init; } = true;
}
