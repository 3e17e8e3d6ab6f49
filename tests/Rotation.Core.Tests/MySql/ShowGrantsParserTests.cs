using FluentAssertions;
using Rotator.Rotation.MySql;
using Rotator.Rotation.MySql.Grants;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>SHOW GRANTS lines as both servers print them, read without a server.</summary>
public sealed class ShowGrantsParserTests
{
    [Fact]
    public void MariaDb_account_clauses_on_the_usage_line_are_dropped()
    {
        var grants = Parse(
            "GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED BY PASSWORD '*2B602296A79E0A8784ACC5C88D92E46588CCA3C3' REQUIRE ISSUER '/CN=a''b' SUBJECT '/CN=s' CIPHER 'AES' WITH MAX_QUERIES_PER_HOUR 5 MAX_USER_CONNECTIONS 3");

        grants.Privileges.Should().BeEmpty();
        grants.Roles.Should().BeEmpty();
    }

    [Fact]
    public void A_global_grant_option_on_usage_is_kept()
    {
        Parse("GRANT USAGE ON *.* TO `u`@`%` IDENTIFIED VIA ed25519 USING 'x' WITH GRANT OPTION")
            .Privileges.Should().Equal(new PrivilegeGrant("*.*", "USAGE", null, true));
    }

    [Fact]
    public void Privileges_columns_grant_option_and_dynamic_privileges_are_read()
    {
        var grants = Parse(
            "GRANT SELECT, INSERT, CREATE TEMPORARY TABLES ON `db`.* TO `u`@`%` WITH GRANT OPTION",
            "GRANT SELECT (`Host`, `User`), INSERT (`Host`) ON `mysql`.`db` TO `u`@`%`",
            "GRANT BACKUP_ADMIN,SYSTEM_VARIABLES_ADMIN ON *.* TO `u`@`%`",
            "GRANT EXECUTE ON PROCEDURE `db`.`p` TO `u`@`%`");

        grants.Privileges.Should().BeEquivalentTo(new[]
        {
            new PrivilegeGrant("`db`.*", "SELECT", null, true),
            new PrivilegeGrant("`db`.*", "INSERT", null, true),
            new PrivilegeGrant("`db`.*", "CREATE TEMPORARY TABLES", null, true),
            new PrivilegeGrant("`mysql`.`db`", "SELECT", "`Host`", false),
            new PrivilegeGrant("`mysql`.`db`", "SELECT", "`User`", false),
            new PrivilegeGrant("`mysql`.`db`", "INSERT", "`Host`", false),
            new PrivilegeGrant("*.*", "BACKUP_ADMIN", null, false),
            new PrivilegeGrant("*.*", "SYSTEM_VARIABLES_ADMIN", null, false),
            new PrivilegeGrant("PROCEDURE `db`.`p`", "EXECUTE", null, false),
        });
    }

    [Fact]
    public void Roles_and_the_mariadb_default_role_are_read()
    {
        var grants = Parse(
            "GRANT `r1`@`%`,`r2`@`%` TO `u`@`%` WITH ADMIN OPTION",
            "GRANT `r3` TO `u`@`%`",
            "SET DEFAULT ROLE `r3` FOR `u`@`%`");

        grants.Roles.Should().BeEquivalentTo(new[] { new RoleGrant("`r1`@`%`", true), new RoleGrant("`r2`@`%`", true), new RoleGrant("`r3`", false) });
        grants.DefaultRole.Should().Be("`r3`");
    }

    [Fact]
    public void The_grantee_name_is_never_interpreted()
    {
        // A user named so that its name looks like more grant syntax.
        var grants = Parse("GRANT SELECT ON `db`.* TO `x`` ON *.* TO ``y`@`% WITH GRANT OPTION`");

        grants.Privileges.Should().Equal(new PrivilegeGrant("`db`.*", "SELECT", null, false));
    }

    [Fact]
    public void Grant_statements_merge_columns_and_split_by_grant_option()
    {
        var statements = GrantSql.Grant(
            [
                new PrivilegeGrant("`t`.`x`", "SELECT", "`b`", false),
                new PrivilegeGrant("`t`.`x`", "SELECT", "`a`", false),
                new PrivilegeGrant("`t`.`x`", "UPDATE", null, false),
                new PrivilegeGrant("*.*", "PROCESS", null, true),
            ],
            "'c'@'%'").ToList();

        statements.Should().Equal(
            "GRANT PROCESS ON *.* TO 'c'@'%' WITH GRANT OPTION",
            "GRANT SELECT (`a`, `b`), UPDATE ON `t`.`x` TO 'c'@'%'");
    }

    [Fact]
    public void Partial_revokes_are_refused_rather_than_half_copied()
    {
        var parse = () => Parse("REVOKE INSERT ON `mysql`.* FROM `u`@`%`");

        parse.Should().Throw<MySqlTargetException>().Which.Failure.Should().Be(MySqlFailure.NotSupported);
    }

    [Fact]
    public void An_unterminated_quote_is_a_format_error()
    {
        var parse = () => Parse("GRANT SELECT ON `db`.* TO 'u");

        parse.Should().Throw<FormatException>();
    }

    private static AccountGrants Parse(params string[] lines) => ShowGrantsParser.Parse(lines, backslashEscapes: true);
}
