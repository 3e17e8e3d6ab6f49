using FluentAssertions;
using Rotator.Rotation.Ldap;

namespace Rotator.Rotation.Tests.Ldap;

/// <summary>Bind name templates render UPNs verbatim, escape DN values, and refuse what they cannot render.</summary>
public sealed class BindNameTemplateTests
{
    [Fact]
    public void Renders_a_user_principal_name()
    {
        BindNameTemplate.UserPrincipalName.Render(new BindNameValues("Admin", "corp.example.com"))
            .Should().Be("Admin@corp.example.com");
    }

    [Fact]
    public void Renders_every_placeholder_case_insensitively()
    {
        BindNameTemplate.Parse("{USERNAME}|{directoryname}|{DirectoryId}")
            .Render(new BindNameValues("Admin", "corp.example.com", "d-1234567890"))
            .Should().Be("Admin|corp.example.com|d-1234567890");
    }

    [Fact]
    public void Escapes_values_inside_a_distinguished_name()
    {
        var template = BindNameTemplate.Parse("uid={username},ou=people,dc=example,dc=com");

        template.Render(new BindNameValues("a,b+c=d\\e\"f<g>h;i")).Should().Be(@"uid=a\,b\+c\=d\\e\""f\<g\>h\;i,ou=people,dc=example,dc=com");
        template.Render(new BindNameValues("#lead")).Should().Be(@"uid=\#lead,ou=people,dc=example,dc=com");
        template.Render(new BindNameValues(" padded ")).Should().Be(@"uid=\ padded\ ,ou=people,dc=example,dc=com");
        template.Render(new BindNameValues("mid#dle")).Should().Be("uid=mid#dle,ou=people,dc=example,dc=com");
    }

    [Fact]
    public void Leaves_values_of_a_user_principal_name_alone()
    {
        BindNameTemplate.Parse("{username}@{directoryName}").Render(new BindNameValues("o'brien,x", "corp.example.com"))
            .Should().Be("o'brien,x@corp.example.com");
    }

    [Theory]
    [InlineData("{user}@example.com")]
    [InlineData("{username@example.com")]
    [InlineData("username}@example.com")]
    [InlineData("uid={},dc=example")]
    public void Refuses_malformed_templates(string template)
    {
        var parse = () => BindNameTemplate.Parse(template);

        parse.Should().Throw<FormatException>();
    }

    [Fact]
    public void Refuses_to_render_without_a_value_the_template_needs()
    {
        var render = () => BindNameTemplate.UserPrincipalName.Render(new BindNameValues("Admin"));

        render.Should().Throw<InvalidOperationException>().WithMessage("*directoryName*");
    }
}
