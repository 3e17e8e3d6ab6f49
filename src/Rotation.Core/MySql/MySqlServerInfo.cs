using System.Globalization;

namespace Rotator.Rotation.MySql;

/// <summary>
/// Which server answered and what it can do, read from the version string of the server's handshake, which the driver
/// keeps (<c>MySqlConnection.ServerVersion</c>), so no query is needed.
/// </summary>
/// <param name="Flavor">MySQL or MariaDB.</param>
/// <param name="Version">Numeric version, e.g. 10.11.19 or 9.7.4.</param>
/// <param name="VersionText">The version string as the server sent it.</param>
public sealed record MySqlServerInfo(MySqlFlavor Flavor, Version Version, string VersionText)
{
    // MariaDB prefixes its handshake version with a fake 5.5.5 so that ancient clients accept it.
    private const string MariaDbHandshakePrefix = "5.5.5-";

    /// <summary>
    /// Longest user name the server accepts, in characters. MySQL: 16 before 5.7, then 32. MariaDB: 80 from 10.0
    /// (the width of <c>mysql.user.User</c>), 128 from 10.4 where <c>mysql.global_priv.User</c> is char(128) and the
    /// server refuses longer names with error 1470 (checked on 10.11).
    /// </summary>
    public int MaxUserNameLength => Flavor switch
    {
        MySqlFlavor.MariaDb when Version >= new Version(10, 4) => 128,
        MySqlFlavor.MariaDb when Version >= new Version(10, 0) => 80,
        MySqlFlavor.MySql when Version >= new Version(5, 7) => 32,
        _ => 16,
    };

    /// <summary>MySQL 8.0.14+ keeps a secondary password (<c>RETAIN CURRENT PASSWORD</c>); MariaDB has no equivalent.</summary>
    public bool SupportsDualPasswords => Flavor == MySqlFlavor.MySql && Version >= new Version(8, 0, 14);

    /// <summary>Roles and default roles: MySQL 8.0+, MariaDB 10.0.5+.</summary>
    public bool SupportsRoles => Flavor == MySqlFlavor.MySql
        ? Version >= new Version(8, 0)
        : Version >= new Version(10, 0, 5);

    /// <summary>MySQL 8.0.13+ accepts <c>REPLACE 'current'</c> when users change their own password (and may require it).</summary>
    internal bool SupportsReplaceClause => Flavor == MySqlFlavor.MySql && Version >= new Version(8, 0, 13);

    /// <summary>
    /// MySQL 5.7.6+ sets passwords with <c>ALTER USER ... IDENTIFIED BY</c>, which any user may run on
    /// <c>CURRENT_USER()</c>. MariaDB demands CREATE USER even for that, and its ALTER USER would switch the account to
    /// mysql_native_password; <c>SET PASSWORD [FOR ...] = PASSWORD(...)</c> needs no privilege for one's own account and
    /// keeps the account's authentication plugin.
    /// </summary>
    internal bool PasswordsViaAlterUser => Flavor == MySqlFlavor.MySql && Version >= new Version(5, 7, 6);

    /// <summary>Parses the version string of the server's handshake (<c>MySqlConnection.ServerVersion</c>).</summary>
    public static MySqlServerInfo Parse(string serverVersion)
    {
        ArgumentNullException.ThrowIfNull(serverVersion);
        var flavor = serverVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) ? MySqlFlavor.MariaDb : MySqlFlavor.MySql;
        var text = flavor == MySqlFlavor.MariaDb && serverVersion.StartsWith(MariaDbHandshakePrefix, StringComparison.Ordinal)
            ? serverVersion[MariaDbHandshakePrefix.Length..]
            : serverVersion;
        return new MySqlServerInfo(flavor, NumericPrefix(text), text);
    }

    private static Version NumericPrefix(string text)
    {
        var parts = new List<int>(3);
        var i = 0;
        while (parts.Count < 3 && i < text.Length && char.IsAsciiDigit(text[i]))
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            parts.Add(int.Parse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture));
            if (i < text.Length && text[i] == '.')
            {
                i++;
            }
            else
            {
                break;
            }
        }

        while (parts.Count < 3)
        {
            parts.Add(0);
        }

        return new Version(parts[0], parts[1], parts[2]);
    }
}
