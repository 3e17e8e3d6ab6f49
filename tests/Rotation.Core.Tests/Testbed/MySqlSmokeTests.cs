using FluentAssertions;
using MySql.Data.MySqlClient;
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

        // MariaDB's handshake puts a fake "5.5.5-" before its real version so that old clients accept it.
        connection.ServerVersion.Should().StartWith(flavor == "mariadb" ? "5.5.5-10.11" : "9.7");
        await using var probe = new MySqlCommand("SELECT 1", connection);
        (await probe.ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().Be(1);

        // The session really is encrypted: read the negotiated cipher as utf8mb4 (the driver cannot decode utf8mb3 columns).
        var table = flavor == "mariadb" ? "information_schema.SESSION_STATUS" : "performance_schema.session_status";
        await using var cipher = new MySqlCommand(
            $"SELECT CAST(VARIABLE_VALUE AS CHAR CHARACTER SET utf8mb4) FROM {table} WHERE VARIABLE_NAME = 'Ssl_cipher'", connection);
        ((string?)await cipher.ExecuteScalarAsync(TestContext.Current.CancellationToken)).Should().NotBeNullOrEmpty();
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Refuses_a_wrong_password(string flavor)
    {
        var server = Pick(flavor);
        await using var connection = new MySqlConnection(ConnectionString(server, server.AdminPassword + "x", MySqlSslMode.Required));
        var open = () => connection.OpenAsync(TestContext.Current.CancellationToken);
        // The driver wraps the server's error in an "Authentication ... failed" MySqlException numbered 0.
        var error = (await open.Should().ThrowAsync<MySqlException>()).Which;
        error.InnerException.Should().BeOfType<MySqlException>().Which.Number.Should().Be(1045);
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
