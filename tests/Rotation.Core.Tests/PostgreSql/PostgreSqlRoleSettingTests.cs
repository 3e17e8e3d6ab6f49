using FluentAssertions;
using Rotator.Rotation.PostgreSql;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>Per-role settings are written back so that the server stores the same text (checked on a real server by the clone tests).</summary>
public sealed class PostgreSqlRoleSettingTests
{
    [Fact]
    public void A_stored_entry_splits_at_the_first_equals_sign()
    {
        var setting = PostgreSqlRoleSetting.Parse(null, "app.greeting=a=b")!;

        setting.Name.Should().Be("app.greeting");
        setting.Value.Should().Be("a=b");
        PostgreSqlRoleSetting.Parse("db", "no-equals").Should().BeNull();
        PostgreSqlRoleSetting.Parse("", "x=1")!.Database.Should().BeNull();
    }

    [Fact]
    public void A_list_value_splits_into_its_quoted_and_bare_elements()
    {
        PostgreSqlRoleSetting.SplitList("\"$user\", public").Should().Equal("$user", "public");
        PostgreSqlRoleSetting.SplitList("\"a \"\"b\"\"\",c").Should().Equal("a \"b\"", "c");
        PostgreSqlRoleSetting.SplitList("\"\"").Should().Equal(string.Empty);
        PostgreSqlRoleSetting.SplitList("\"open").Should().BeNull();
        PostgreSqlRoleSetting.SplitList("a b").Should().BeNull();
    }

    [Fact]
    public void List_parameters_are_written_element_by_element_and_others_as_one_value()
    {
        new PostgreSqlRoleSetting(null, "search_path", "\"$user\", public").ToAlterRole("r")
            .Should().Be("ALTER ROLE \"r\" SET \"search_path\" TO '$user', 'public'");
        new PostgreSqlRoleSetting("my db", "app.note", "it's a\\b").ToAlterRole("r")
            .Should().Be("ALTER ROLE \"r\" IN DATABASE \"my db\" SET \"app.note\" TO E'it''s a\\\\b'");
    }

    [Fact]
    public void Its_text_names_the_setting_but_never_shows_the_value()
    {
        var setting = new PostgreSqlRoleSetting("db", "app.api_key", "s3cr3t-value");

        setting.ToString().Should().NotContain("s3cr3t-value");
        setting.Describe().Should().Be("setting app.api_key in database db");
    }
}
