using FluentAssertions;
using Npgsql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Testbed;

/// <summary>
/// The test bed's PostgreSQL is what the PostgreSQL tests rely on: VerifyFull TLS with the test bed's CA, SCRAM
/// refusing a wrong password, and every statement in the server log.
/// </summary>
public sealed class PostgreSqlSmokeTests(TestbedFixture testbed)
{
    [Fact]
    public async Task Logs_in_over_verified_TLS_with_SCRAM_and_logs_the_statement()
    {
        var server = testbed.PostgreSql;
        var marker = $"smoke_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString(server, server.AdminPassword));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"SELECT current_setting('password_encryption'), current_setting('ssl'), '{marker}'", connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        (await reader.ReadAsync(TestContext.Current.CancellationToken)).Should().BeTrue();

        reader.GetString(0).Should().Be("scram-sha-256");
        reader.GetString(1).Should().Be("on");
        (await File.ReadAllTextAsync(server.LogFile, TestContext.Current.CancellationToken)).Should().Contain(marker, "log_statement = 'all'");
    }

    [Fact]
    public async Task Refuses_a_wrong_password_with_invalid_password()
    {
        var server = testbed.PostgreSql;
        await using var connection = new NpgsqlConnection(ConnectionString(server, server.AdminPassword + "x"));

        var open = () => connection.OpenAsync(TestContext.Current.CancellationToken);

        (await open.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InvalidPassword);
    }

    private static string ConnectionString(PostgreSqlServer server, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = server.Host,
        Port = server.Port,
        Username = server.AdminUser,
        Password = password,
        Database = "postgres",
        SslMode = SslMode.VerifyFull,
        RootCertificate = server.CaFile,
        Pooling = false,
    }.ConnectionString;
}
