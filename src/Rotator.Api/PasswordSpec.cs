using System.ComponentModel.DataAnnotations;

namespace Rotator.Api;

/// <summary>How new passwords are generated; same meaning and defaults as Secrets Manager's GetRandomPassword.</summary>
public sealed record PasswordSpec
{
    /// <summary>Password length (default 32).</summary>
    [Range(1, 4096)]
    public int? Length { get; init; }

    /// <summary>Characters never used. Default for MySQL strategies: /@"'\ (as AWS's templates).</summary>
    [MaxLength(4096)]
    public string? ExcludeCharacters { get; init; }

    /// <summary>Use no digits.</summary>
    public bool? ExcludeNumbers { get; init; }

    /// <summary>Use no punctuation.</summary>
    public bool? ExcludePunctuation { get; init; }

    /// <summary>Use no uppercase letters.</summary>
    public bool? ExcludeUppercase { get; init; }

    /// <summary>Use no lowercase letters.</summary>
    public bool? ExcludeLowercase { get; init; }

    /// <summary>Allow the space character (default false).</summary>
    public bool? IncludeSpace { get; init; }

    /// <summary>Use at least one character of every included type (default true).</summary>
    public bool? RequireEachIncludedType { get; init; }
}
