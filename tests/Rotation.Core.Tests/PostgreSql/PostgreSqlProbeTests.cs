using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.PostgreSql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.PostgreSql;

/// <summary>Logging in over every TLS mode, and each way a login fails, classified and without the password in the message.</summary>
public sealed class PostgreSqlProbeTests(TestbedFixture testbed)
{
    public static TheoryData<DatabaseTlsMode, bool> Modes => new()
    {
        { DatabaseTlsMode.Disabled, false },
        { DatabaseTlsMode.Preferred, true },
        { DatabaseTlsMode.Required, true },
        { DatabaseTlsMode.VerifyCA, true },
        { DatabaseTlsMode.VerifyFull, true },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Logs_in_with_each_TLS_mode_and_uses_TLS_where_the_mode_says(DatabaseTlsMode mode, bool encrypted)
    {
        var server = new PostgreSqlTestServer(testbed);

        var probe = await PostgreSqlTestServer.Target().ProbeAsync(server.Endpoint(mode), server.Superuser, PostgreSqlTestServer.Token);

        probe.IsOk.Should().BeTrue(probe.Error?.Message);
        probe.Server!.Version.Major.Should().BeGreaterThanOrEqualTo(13);
        await using var session = await PostgreSqlSession.OpenAsync(server.Endpoint(mode), server.Superuser, PostgreSqlTestServer.Token);
        var ssl = await session.ScalarAsync("test", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", [], r => r.GetBoolean(0), PostgreSqlTestServer.Token);
        ssl.Should().Be(encrypted);
    }

    [Fact]
    public async Task VerifyFull_accepts_the_certificate_for_localhost_too()
    {
        var server = new PostgreSqlTestServer(testbed);

        var probe = await PostgreSqlTestServer.Target().ProbeAsync(server.Endpoint() with { Host = "localhost" }, server.Superuser, PostgreSqlTestServer.Token);

        probe.IsOk.Should().BeTrue(probe.Error?.Message);
    }

    [Theory]
    [InlineData(DatabaseTlsMode.VerifyCA)]
    [InlineData(DatabaseTlsMode.VerifyFull)]
    public async Task A_certificate_from_another_CA_is_a_TLS_failure(DatabaseTlsMode mode)
    {
        var server = new PostgreSqlTestServer(testbed);
        var otherCa = Path.Combine(Path.GetTempPath(), $"rt-other-ca-{Guid.NewGuid():N}.pem");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Not the test bed CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(otherCa, ca.ExportCertificatePem(), PostgreSqlTestServer.Token);
        }

        try
        {
            var probe = await PostgreSqlTestServer.Target().ProbeAsync(server.Endpoint(mode) with { CaFile = otherCa }, server.Superuser, PostgreSqlTestServer.Token);

            probe.Error!.Failure.Should().Be(PostgreSqlFailure.TlsFailure, probe.Error.Message);
            probe.Error.Message.Should().Contain(otherCa).And.NotContain(server.Superuser.Password);
        }
        finally
        {
            File.Delete(otherCa);
        }
    }

    [Fact]
    public async Task A_missing_CA_file_is_a_configuration_error()
    {
        var server = new PostgreSqlTestServer(testbed);

        var probe = await PostgreSqlTestServer.Target().ProbeAsync(server.Endpoint() with { CaFile = "/nonexistent/ca.pem" }, server.Superuser, PostgreSqlTestServer.Token);

        probe.Error!.Failure.Should().Be(PostgreSqlFailure.InvalidConfiguration);
    }

    [Fact]
    public async Task A_wrong_password_is_invalid_credentials_and_not_quoted()
    {
        var server = new PostgreSqlTestServer(testbed);
        var wrong = $"wrong-{Guid.NewGuid():N}";

        var probe = await PostgreSqlTestServer.Target().ProbeAsync(server.Endpoint(), server.Superuser with { Password = wrong }, PostgreSqlTestServer.Token);

        probe.Error!.Failure.Should().Be(PostgreSqlFailure.InvalidCredentials);
        probe.Error.SqlState.Should().Be("28P01");
        probe.Error.Message.Should().Contain(server.Superuser.UserName).And.NotContain(wrong);
        probe.Error.ToString().Should().NotContain(wrong);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        var server = new PostgreSqlTestServer(testbed);
        var port = Strategies.MySql.RotationScenario.ClosedPort();

        var probe = await PostgreSqlTestServer.Target().ProbeAsync(server.Endpoint() with { Port = port }, server.Superuser, PostgreSqlTestServer.Token);

        probe.Error!.Failure.Should().Be(PostgreSqlFailure.Unreachable, probe.Error.Message);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_is_said_so()
    {
        var server = new PostgreSqlTestServer(testbed);

        var probe = await PostgreSqlTestServer.Target().ProbeAsync(server.Endpoint(database: "no_such_db_here"), server.Superuser, PostgreSqlTestServer.Token);

        probe.Error!.Failure.Should().Be(PostgreSqlFailure.DatabaseNotFound);
        probe.Error.Message.Should().Contain("no_such_db_here");
    }
}
