using FluentAssertions;
using Rotator.Rotation.MySql;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>Flavor, version and capabilities from handshake version strings.</summary>
public sealed class MySqlServerInfoTests
{
    [Theory]
    [InlineData("5.5.5-10.11.19-MariaDB-0+deb12u1", MySqlFlavor.MariaDb, "10.11.19", 128, false)]
    [InlineData("5.5.5-10.3.39-MariaDB", MySqlFlavor.MariaDb, "10.3.39", 80, false)]
    [InlineData("10.4.1-MariaDB-log", MySqlFlavor.MariaDb, "10.4.1", 128, false)]
    [InlineData("9.7.4-2", MySqlFlavor.MySql, "9.7.4", 32, true)]
    [InlineData("8.0.14", MySqlFlavor.MySql, "8.0.14", 32, true)]
    [InlineData("8.0.13-log", MySqlFlavor.MySql, "8.0.13", 32, false)]
    [InlineData("5.7.44", MySqlFlavor.MySql, "5.7.44", 32, false)]
    [InlineData("5.6.51-rds", MySqlFlavor.MySql, "5.6.51", 16, false)]
    public void Parses_the_handshake_version(string text, MySqlFlavor flavor, string version, int maxUserName, bool dualPasswords)
    {
        var info = MySqlServerInfo.Parse(text);

        info.Flavor.Should().Be(flavor);
        info.Version.Should().Be(Version.Parse(version));
        info.MaxUserNameLength.Should().Be(maxUserName);
        info.SupportsDualPasswords.Should().Be(dualPasswords);
    }

    [Fact]
    public void Roles_arrive_with_mysql_8_and_mariadb_10_0_5()
    {
        MySqlServerInfo.Parse("5.7.44").SupportsRoles.Should().BeFalse();
        MySqlServerInfo.Parse("8.0.0").SupportsRoles.Should().BeTrue();
        MySqlServerInfo.Parse("5.5.5-10.0.4-MariaDB").SupportsRoles.Should().BeFalse();
        MySqlServerInfo.Parse("5.5.5-10.0.5-MariaDB").SupportsRoles.Should().BeTrue();
    }
}
