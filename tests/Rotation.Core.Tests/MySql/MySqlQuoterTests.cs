using FluentAssertions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>String literals for both readings of a backslash.</summary>
public sealed class MySqlQuoterTests
{
    [Theory]
    [InlineData(true, @"o'ne\x", @"'o''ne\\x'")]
    [InlineData(false, @"o'ne\x", @"'o''ne\x'")]
    [InlineData(true, "a\0b", @"'a\0b'")]
    [InlineData(true, "`\"?@;--", "'`\"?@;--'")]
    public void Literals_escape_for_the_session(bool backslashEscapes, string value, string literal) =>
        new MySqlQuoter(backslashEscapes).Literal(value).Should().Be(literal);

    [Fact]
    public void Nul_cannot_be_written_without_backslash_escapes()
    {
        var write = () => new MySqlQuoter(backslashEscapes: false).Literal("a\0b");

        write.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Accounts_are_two_literals() =>
        new MySqlQuoter(true).Account("x'@'%'; DROP USER root; --", "%").Should().Be(@"'x''@''%''; DROP USER root; --'@'%'");
}
