using FluentAssertions;
using MySqlConnector;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Testbed;

/// <summary>Both MySQL-protocol servers are real, answer over TLS verified against the test bed's CA, and refuse bad passwords.</summary>
public sealed class MySqlSmokeTests(TestbedFixture testbed)
{
    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Logs_in_over_tls_verified_against_the_test_bed_ca(string flavor)
    {
        var server = Pick(flavor);
        await using var connection = new MySqlConnection(ConnectionString(server, server.AdminPassword, MySqlSslMode.VerifyCA));
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        // MariaDB prefixes its version with "5.5.5-" for old clients.
        connection.ServerVersion.Should().Contain(flavor == "mariadb" ? "10.11." : "9.7.");
        if (flavor == "mariadb")
        {
            connection.ServerVersion.Should().Contain("MariaDB");
        }
        await using var probe = new MySqlCommand("SELECT 1", connection);
        (await probe.ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().Be(1);

        // The session really is encrypted: the negotiated cipher, read straight from the server's status table.
        var table = flavor == "mariadb" ? "information_schema.SESSION_STATUS" : "performance_schema.session_status";
        await using var cipher = new MySqlCommand(
            $"SELECT VARIABLE_VALUE FROM {table} WHERE VARIABLE_NAME = 'Ssl_cipher'", connection);
        ((string?)await cipher.ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().NotBeNullOrEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Refuses_a_wrong_password(string flavor)
    {
        var server = Pick(flavor);
        await using var connection = new MySqlConnection(ConnectionString(server, server.AdminPassword + "x", MySqlSslMode.Required));
        var open = () => connection.OpenAsync(TestContext.Current.CancellationToken);
        var error = (await open.Should().ThrowAsync<MySqlException>()).Which;
        error.ErrorCode.Should().Be(MySqlErrorCode.AccessDenied);
    }

    private MySqlServer Pick(string flavor) => flavor == "mariadb" ? testbed.MariaDb : testbed.MySql;

    private static string ConnectionString(MySqlServer server, string password, MySqlSslMode mode) => new MySqlConnectionStringBuilder
    {
        Server = server.Host,
        Port = (uint)server.Port,
        UserID = server.AdminUser,
        Password = password,
        SslMode = mode,
        SslCa = server.CaFile,
        ConnectionTimeout = 10,
        Pooling = false,
    }.ConnectionString;
}
