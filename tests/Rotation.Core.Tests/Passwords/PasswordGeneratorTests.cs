using FluentAssertions;
using Rotator.Rotation.Passwords;

namespace Rotator.Rotation.Tests.Passwords;

/// <summary>
/// Property tests over many random policies: the policy always holds, and characters come out uniformly.
/// The expected alphabet is computed here from the policy on its own, not by asking the generator.
/// </summary>
public sealed class PasswordGeneratorTests
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    [Fact]
    public void Defaults_are_GetRandomPassword_defaults()
    {
        var policy = new PasswordPolicy();

        policy.PasswordLength.Should().Be(32);
        policy.ExcludeCharacters.Should().BeEmpty();
        policy.IncludeSpace.Should().BeFalse();
        policy.RequireEachIncludedType.Should().BeTrue();
        (policy.ExcludeNumbers || policy.ExcludePunctuation || policy.ExcludeUppercase || policy.ExcludeLowercase).Should().BeFalse();
        PasswordCharacters.Punctuation.Should().Be(Punctuation).And.HaveLength(32);
        var password = new PasswordGenerator(policy).NewPassword();
        password.Should().HaveLength(32);
        password.ToCharArray().Should().Contain(c => Lower.Contains(c)).And.Contain(c => Upper.Contains(c))
            .And.Contain(c => Digits.Contains(c)).And.Contain(c => Punctuation.Contains(c));
    }

    [Fact]
    public void MySQL_default_excludes_what_AWS_templates_exclude()
    {
        var generator = new PasswordGenerator(PasswordPolicy.MySqlDefault);

        generator.Alphabet.Should().NotContainAny("/", "@", "\"", "'", "\\");
        generator.Alphabet.Should().HaveLength(94 - 5);
        for (var i = 0; i < 200; i++)
        {
            generator.NewPassword().Should().NotContainAny("/", "@", "\"", "'", "\\");
        }
    }

    [Fact]
    public void Random_policies_either_hold_in_every_password_or_are_rejected_up_front()
    {
        var random = new Random(20261122);
        var (valid, invalid) = (0, 0);
        for (var round = 0; round < 600; round++)
        {
            var policy = RandomPolicy(random, round);
            var expected = Expected(policy);
            if (expected.Problem is not null)
            {
                var make = () => new PasswordGenerator(policy);
                make.Should().Throw<InvalidPasswordPolicyException>($"round {round}: {expected.Problem}");
                invalid++;
                continue;
            }

            var generator = new PasswordGenerator(policy);
            generator.Alphabet.Should().BeEquivalentTo(expected.Alphabet, $"round {round}");
            var count = policy.PasswordLength > 512 ? 2 : 10;
            for (var i = 0; i < count; i++)
            {
                var password = generator.NewPassword();
                password.Should().HaveLength(policy.PasswordLength, $"round {round}");
                password.ToCharArray().Should().OnlyContain(c => expected.Alphabet.Contains(c), $"round {round}");
                foreach (var required in expected.Required)
                {
                    password.ToCharArray().Should().Contain(c => required.Contains(c), $"round {round} requires one of {required}");
                }
            }

            valid++;
        }

        valid.Should().BeGreaterThan(300, "the random policies must mostly be satisfiable to test anything");
        invalid.Should().BeGreaterThan(10, "and some impossible, to test the rejections");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4096)]
    public void Lengths_at_the_edges(int length)
    {
        var policy = new PasswordPolicy { PasswordLength = length, RequireEachIncludedType = length >= 4 };

        new PasswordGenerator(policy).NewPassword().Should().HaveLength(length);
    }

    public static TheoryData<string, PasswordPolicy> UniformPolicies => new()
    {
        { "all 94 types", new PasswordPolicy { RequireEachIncludedType = false } },
        { "MySQL exclusions (89)", PasswordPolicy.MySqlDefault with { RequireEachIncludedType = false } },
        { "digits only (10)", new PasswordPolicy { ExcludeLowercase = true, ExcludeUppercase = true, ExcludePunctuation = true } },
        { "letters and space (53)", new PasswordPolicy { ExcludeNumbers = true, ExcludePunctuation = true, IncludeSpace = true, RequireEachIncludedType = false } },
        { "trimmed punctuation (29)", new PasswordPolicy { ExcludeLowercase = true, ExcludeUppercase = true, ExcludeNumbers = true, ExcludeCharacters = "!#$" } },
        { "three characters", new PasswordPolicy { ExcludeUppercase = true, ExcludeNumbers = true, ExcludePunctuation = true, ExcludeCharacters = Lower[3..] } },
        { "required types, long passwords", new PasswordPolicy { PasswordLength = 512 } },
    };

    [Theory]
    [MemberData(nameof(UniformPolicies))]
    public void Every_allowed_character_is_equally_likely(string name, PasswordPolicy policy)
    {
        var generator = new PasswordGenerator(policy);
        var alphabet = generator.Alphabet;
        var counts = Count(generator, alphabet, samplesPerCharacter: 1500);

        var statistic = ChiSquare.Statistic(counts);
        statistic.Should().BeLessThan(ChiSquare.Bound(alphabet.Length), $"{name}: characters must come out uniformly");
    }

    [Fact]
    public void Short_passwords_with_every_type_required_are_uniform_within_each_type()
    {
        // Requiring each type in 4 characters makes digits more frequent than letters overall (as it must,
        // for every valid password to be equally likely), but within a type no character may be favoured.
        var generator = new PasswordGenerator(new PasswordPolicy { PasswordLength = 4 });
        var counts = new Dictionary<char, long>();
        for (var i = 0; i < 40_000; i++)
        {
            foreach (var c in generator.NewPassword())
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        foreach (var type in new[] { Lower, Upper, Digits, Punctuation })
        {
            var within = type.Select(c => counts.GetValueOrDefault(c)).ToList();
            ChiSquare.Statistic(within).Should().BeLessThan(ChiSquare.Bound(type.Length), $"within {type}");
        }
    }

    [Theory]
    [InlineData(94)]
    [InlineData(89)]
    [InlineData(29)]
    public void The_uniformity_bound_catches_a_modulo_biased_sampler(int size)
    {
        // What the generator must not do: map a random byte onto the alphabet with a bare modulo.
        var counts = new long[size];
        var bytes = new byte[size * 5000];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        foreach (var b in bytes)
        {
            counts[b % size]++;
        }

        ChiSquare.LooksUniform(counts).Should().BeFalse();
    }

    [Fact]
    public void Impossible_policies_are_rejected_with_a_message_naming_the_conflict()
    {
        Message(new PasswordPolicy { PasswordLength = 0 }).Should().Contain("PasswordLength").And.Contain("4096");
        Message(new PasswordPolicy { PasswordLength = 4097 }).Should().Contain("PasswordLength");
        Message(new PasswordPolicy { ExcludeLowercase = true, ExcludeUppercase = true, ExcludeNumbers = true, ExcludePunctuation = true })
            .Should().Contain("allows no character");
        Message(new PasswordPolicy { ExcludeNumbers = true, ExcludePunctuation = true, ExcludeCharacters = Lower + Upper, RequireEachIncludedType = false })
            .Should().Contain("allows no character");
        Message(new PasswordPolicy { PasswordLength = 3 }).Should().Contain("4 character types").And.Contain("PasswordLength is 3");
        Message(new PasswordPolicy { ExcludeCharacters = Digits }).Should().Contain("every digit character").And.Contain("RequireEachIncludedType");

        // Space counts as a character but is never required.
        new PasswordGenerator(new PasswordPolicy { PasswordLength = 1, ExcludeLowercase = true, ExcludeUppercase = true, ExcludeNumbers = true, ExcludePunctuation = true, IncludeSpace = true })
            .NewPassword().Should().Be(" ");
        // A type removed by ExcludeCharacters is fine when nothing requires it.
        new PasswordGenerator(new PasswordPolicy { ExcludeCharacters = Digits, RequireEachIncludedType = false }).Alphabet.Should().NotContainAny("0", "5", "9");
    }

    private static string Message(PasswordPolicy policy)
    {
        var make = () => new PasswordGenerator(policy);
        return make.Should().Throw<InvalidPasswordPolicyException>().Which.Message;
    }

    private static long[] Count(PasswordGenerator generator, string alphabet, int samplesPerCharacter)
    {
        var counts = new long[alphabet.Length];
        var index = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var wanted = (long)alphabet.Length * samplesPerCharacter;
        for (long drawn = 0; drawn < wanted;)
        {
            foreach (var c in generator.NewPassword())
            {
                counts[index[c]]++;
                drawn++;
            }
        }

        return counts;
    }

    private static PasswordPolicy RandomPolicy(Random random, int round)
    {
        var length = round switch
        {
            0 => 1,
            1 => 4096,
            _ => random.Next(10) switch
            {
                < 4 => random.Next(1, 9),
                < 8 => random.Next(9, 129),
                _ => random.Next(129, 4097),
            },
        };
        var printable = Lower + Upper + Digits + Punctuation + " ";
        var exclude = random.Next(6) switch
        {
            0 => "",
            1 => PasswordPolicy.MySqlExcludeCharacters,
            2 => new string([.. printable.Where(_ => random.Next(10) == 0)]),
            3 => new string([.. printable.Where(_ => random.Next(10) < 7)]),
            4 => new[] { Lower, Upper, Digits, Punctuation }[random.Next(4)],
            _ => new string([.. Enumerable.Range(0, 5).Select(_ => printable[random.Next(printable.Length)])]),
        };
        return new PasswordPolicy
        {
            PasswordLength = length,
            ExcludeCharacters = exclude,
            ExcludeNumbers = random.Next(4) == 0,
            ExcludePunctuation = random.Next(4) == 0,
            ExcludeUppercase = random.Next(4) == 0,
            ExcludeLowercase = random.Next(4) == 0,
            IncludeSpace = random.Next(3) == 0,
            RequireEachIncludedType = random.Next(10) < 7,
        };
    }

    private static (string Alphabet, IReadOnlyList<string> Required, string? Problem) Expected(PasswordPolicy policy)
    {
        if (policy.PasswordLength is < 1 or > 4096)
        {
            return ("", [], "length");
        }

        string Keep(string set) => new([.. set.Where(c => !policy.ExcludeCharacters.Contains(c))]);
        var types = new List<(string Chars, bool Required)>();
        foreach (var (chars, excluded) in new[] { (Lower, policy.ExcludeLowercase), (Upper, policy.ExcludeUppercase), (Digits, policy.ExcludeNumbers), (Punctuation, policy.ExcludePunctuation) })
        {
            if (!excluded)
            {
                types.Add((Keep(chars), policy.RequireEachIncludedType));
            }
        }

        if (policy.IncludeSpace)
        {
            types.Add((Keep(" "), false));
        }

        if (types.Any(t => t.Required && t.Chars.Length == 0))
        {
            return ("", [], "a required type is fully excluded");
        }

        var alphabet = string.Concat(types.Select(t => t.Chars));
        if (alphabet.Length == 0)
        {
            return ("", [], "empty alphabet");
        }

        var required = types.Where(t => t.Required).Select(t => t.Chars).ToList();
        return required.Count > policy.PasswordLength ? (alphabet, required, "more required types than characters") : (alphabet, required, null);
    }
}
