namespace Rotator.Rotation.Passwords;

/// <summary>The character types GetRandomPassword draws from.</summary>
public static class PasswordCharacters
{
    public const string Lowercase = "abcdefghijklmnopqrstuvwxyz";

    public const string Uppercase = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public const string Digits = "0123456789";

    /// <summary>AWS's punctuation set: every printable ASCII character that is not a letter, digit or space.</summary>
    public const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public const string Space = " ";
}
