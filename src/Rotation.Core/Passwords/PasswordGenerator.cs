using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Rotator.Rotation.Abstractions;

namespace Rotator.Rotation.Passwords;

/// <summary>
/// Generates passwords locally, with GetRandomPassword's semantics, from the operating system's
/// cryptographic random number generator. Every password that satisfies the policy is equally likely:
/// characters are drawn uniformly by rejection sampling (a byte is used only below the largest multiple
/// of the alphabet size, so no character is favoured by a modulo remainder), and a password missing a
/// required type is discarded whole rather than patched, because patching would favour the small types.
/// </summary>
public sealed class PasswordGenerator : IPasswordSource
{
    // Discarding whole passwords is cheap: the worst valid policy (four required types in four characters,
    // three of them cut down to one character each) keeps about one draw in 2,200. The bound only guards
    // against a broken random source looping forever.
    private const int MaxAttempts = 10_000_000;

    private readonly char[] alphabet;
    private readonly int[] requiredClassOf;
    private readonly int requiredMask;
    private readonly int acceptBelow;

    /// <exception cref="InvalidPasswordPolicyException">No password can satisfy <paramref name="policy"/>.</exception>
    public PasswordGenerator(PasswordPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var classes = ClassesOf(policy);
        Policy = policy;
        alphabet = [.. classes.SelectMany(c => c.Characters)];
        requiredClassOf = [.. classes.SelectMany((c, i) => c.Characters.Select(_ => c.Required ? i : -1))];
        requiredMask = classes.Select((c, i) => c.Required ? 1 << i : 0).Aggregate(0, (a, b) => a | b);
        acceptBelow = 256 - (256 % alphabet.Length);
    }

    public PasswordPolicy Policy { get; }

    /// <summary>The characters a password may contain, in a fixed order.</summary>
    public string Alphabet => new(alphabet);

    public string NewPassword()
    {
        var length = Policy.PasswordLength;
        var password = new char[length];
        // Twice the length covers the rejected bytes of one attempt in almost every case.
        var random = new byte[(2 * length) + 16];
        var used = random.Length;
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var seen = 0;
                for (var i = 0; i < length; i++)
                {
                    int index;
                    do
                    {
                        if (used == random.Length)
                        {
                            RandomNumberGenerator.Fill(random);
                            used = 0;
                        }

                        index = random[used++];
                    }
                    while (index >= acceptBelow);

                    index %= alphabet.Length;
                    password[i] = alphabet[index];
                    if (requiredClassOf[index] >= 0)
                    {
                        seen |= 1 << requiredClassOf[index];
                    }
                }

                if ((seen & requiredMask) == requiredMask)
                {
                    return new string(password);
                }
            }

            throw new InvalidOperationException($"no password satisfying the policy after {MaxAttempts} attempts; the random source is broken");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(password.AsSpan()));
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>The policy's character types after exclusions, or why no password can satisfy it.</summary>
    internal static IReadOnlyList<PasswordCharacterClass> ClassesOf(PasswordPolicy policy)
    {
        if (policy.PasswordLength is < PasswordPolicy.MinLength or > PasswordPolicy.MaxLength)
        {
            throw new InvalidPasswordPolicyException(
                $"PasswordLength must be between {PasswordPolicy.MinLength} and {PasswordPolicy.MaxLength}, not {policy.PasswordLength}");
        }

        var excluded = policy.ExcludeCharacters ?? "";
        var classes = new List<PasswordCharacterClass>();
        void Add(string name, string characters, bool included, bool required)
        {
            if (!included)
            {
                return;
            }

            var left = new string([.. characters.Where(c => !excluded.Contains(c, StringComparison.Ordinal))]);
            if (left.Length == 0 && required)
            {
                throw new InvalidPasswordPolicyException(
                    $"ExcludeCharacters removes every {name} character, but RequireEachIncludedType needs one; exclude the type instead or allow one of its characters");
            }

            if (left.Length > 0)
            {
                classes.Add(new PasswordCharacterClass(name, left, required));
            }
        }

        var require = policy.RequireEachIncludedType;
        Add("lowercase", PasswordCharacters.Lowercase, !policy.ExcludeLowercase, require);
        Add("uppercase", PasswordCharacters.Uppercase, !policy.ExcludeUppercase, require);
        Add("digit", PasswordCharacters.Digits, !policy.ExcludeNumbers, require);
        Add("punctuation", PasswordCharacters.Punctuation, !policy.ExcludePunctuation, require);
        // GetRandomPassword never requires the space, even with RequireEachIncludedType.
        Add("space", PasswordCharacters.Space, policy.IncludeSpace, required: false);

        if (classes.Count == 0)
        {
            throw new InvalidPasswordPolicyException("the policy allows no character: every type is excluded or removed by ExcludeCharacters");
        }

        var required = classes.Where(c => c.Required).ToList();
        if (required.Count > policy.PasswordLength)
        {
            throw new InvalidPasswordPolicyException(
                $"RequireEachIncludedType needs {required.Count} character types ({string.Join(", ", required.Select(c => c.Name))}) but PasswordLength is {policy.PasswordLength}");
        }

        return classes;
    }
}
