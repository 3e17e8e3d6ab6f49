using System.Globalization;
using Rotator.Rotation.Passwords;

namespace Rotator.Rotation.Strategies.DirectoryService;

/// <summary>
/// What a directory accepts as a new password: ResetUserPassword's 1 to 127 characters, and Active Directory's default
/// complexity rule (AWS Managed Microsoft AD and Simple AD both enforce it): three of the four character types, and not
/// the account name. Checked before anything is written, so a policy that cannot work is a refusal, not a broken
/// setSecret. Messages describe the rule broken, never the password.
/// </summary>
internal static class DirectoryPasswordRules
{
    public const int MaxLength = 127;

    private const int RequiredTypes = 3;

    /// <summary>Why no password of <paramref name="policy"/> can satisfy the directory, or null when some can.</summary>
    public static string? PolicyProblem(PasswordPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.PasswordLength > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the password policy asks for {policy.PasswordLength} characters; Directory Service takes at most {MaxLength}");
        }

        var types = new[] { !policy.ExcludeLowercase, !policy.ExcludeUppercase, !policy.ExcludeNumbers, !policy.ExcludePunctuation }.Count(t => t);
        if (types < RequiredTypes || policy.PasswordLength < RequiredTypes)
        {
            return $"the password policy allows {types} character type(s) in {policy.PasswordLength} characters; "
                + $"Active Directory's complexity rule needs {RequiredTypes} of lowercase, uppercase, digits and punctuation";
        }

        return null;
    }

    /// <summary>Why the directory would refuse <paramref name="password"/> for <paramref name="userName"/>, or null.</summary>
    public static string? PasswordProblem(string password, string userName)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(userName);
        var length = password.EnumerateRunes().Count();
        if (length is < 1 or > MaxLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"a generated password has {length} characters; Directory Service takes 1 to {MaxLength}");
        }

        var types = (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsDigit) ? 1 : 0)
            + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (types < RequiredTypes)
        {
            return $"a generated password has {types} character type(s); Active Directory's complexity rule needs {RequiredTypes}";
        }

        // AD checks the account name only when it is longer than two characters.
        return userName.Length > 2 && password.Contains(userName, StringComparison.OrdinalIgnoreCase)
            ? "a generated password contains the user name, which Active Directory's complexity rule forbids"
            : null;
    }
}
