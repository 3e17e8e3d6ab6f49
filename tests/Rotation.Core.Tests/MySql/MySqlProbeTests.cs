using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.MySql;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.MySql;

/// <summary>Logging in: typed outcomes, every TLS mode, caching_sha2_password, and no password in any message.</summary>
public sealed class MySqlProbeTests(TestbedFixture testbed)
{
    public static TheoryData<string> Servers => new() { "mariadb", "mysql" };

    public static TheoryData<string, DatabaseTlsMode, bool> TlsModes => new()
    {
        { "mariadb", DatabaseTlsMode.Disabled, false },
        { "mariadb", DatabaseTlsMode.Preferred, true },
        { "mariadb", DatabaseTlsMode.Required, true },
        { "mariadb", DatabaseTlsMode.VerifyCA, true },
        { "mariadb", DatabaseTlsMode.VerifyFull, true },
        { "mysql", DatabaseTlsMode.Disabled, false },
        { "mysql", DatabaseTlsMode.Preferred, true },
        { "mysql", DatabaseTlsMode.Required, true },
        { "mysql", DatabaseTlsMode.VerifyCA, true },
        { "mysql", DatabaseTlsMode.VerifyFull, true },
    };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task Probe_logs_in_and_reports_the_server(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);

        var result = await MySqlTestServer.Target().ProbeAsync(server.Endpoint(), server.Admin, MySqlTestServer.Token);

        result.Status.Should().Be(MySqlProbeStatus.Ok, result.Message);
        result.Server!.Flavor.Should().Be(flavor == "mariadb" ? MySqlFlavor.MariaDb : MySqlFlavor.MySql);
        result.Server.Version.Should().Be(flavor == "mariadb" ? new Version(10, 11, result.Server.Version.Build) : new Version(9, 7, result.Server.Version.Build));
        result.Server.MaxUserNameLength.Should().Be(flavor == "mariadb" ? 128 : 32);
        result.Server.SupportsDualPasswords.Should().Be(flavor == "mysql");
        result.Message.Should().NotContain(server.Admin.Password);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_wrong_password_is_invalid_credentials(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        var wrong = server.Admin with { Password = MySqlTestServer.NastyPassword() };

        var result = await MySqlTestServer.Target().ProbeAsync(server.Endpoint(), wrong, MySqlTestServer.Token);

        result.Status.Should().Be(MySqlProbeStatus.InvalidCredentials, result.Message);
        result.Message.Should().Contain("Access denied").And.NotContain(wrong.Password);
        result.ToString().Should().NotContain(wrong.Password);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task A_closed_port_is_unreachable_quickly(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        var endpoint = server.Endpoint() with { Port = ClosedPort(), ConnectTimeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();

        var result = await MySqlTestServer.Target().ProbeAsync(endpoint, server.Admin, MySqlTestServer.Token);

        result.Status.Should().Be(MySqlProbeStatus.Unreachable, result.Message);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        result.Message.Should().NotContain(server.Admin.Password);
    }

    [Theory]
    [MemberData(nameof(TlsModes))]
    public async Task Each_tls_mode_logs_in_and_encrypts_or_not(string flavor, DatabaseTlsMode tls, bool encrypted)
    {
        var server = new MySqlTestServer(testbed, flavor);
        await using var accounts = server.Accounts();
        var user = accounts.User();
        var password = MySqlTestServer.NastyPassword();

        // A fresh caching_sha2_password account has nothing in the server's cache: without TLS the password must go
        // RSA-encrypted with the server's public key, which the adapter fetches only when TLS is off.
        await server.CreateUserAsync(user, password, "%");

        await using var session = await MySqlSession.OpenAsync(server.EndpointWithCa(tls), new MySqlCredentials(user, password), [], MySqlTestServer.Token);
        var table = flavor == "mariadb" ? "information_schema.SESSION_STATUS" : "performance_schema.session_status";
        var cipher = await session.QueryStringsAsync(
            "test query",
            $"SELECT VARIABLE_VALUE FROM {table} WHERE VARIABLE_NAME = 'Ssl_cipher'",
            MySqlTestServer.Token);

        cipher.Should().ContainSingle().Which.Should().Match(c => encrypted ? c.Length > 0 : c.Length == 0);
        var plugin = await server.StringsAsync($"SELECT plugin FROM mysql.user WHERE User = '{user}'");
        plugin.Should().ContainSingle().Which.Should().Be(flavor == "mysql" ? "caching_sha2_password" : "mysql_native_password");
    }

    [Theory]
    [InlineData("mariadb", DatabaseTlsMode.VerifyCA)]
    [InlineData("mariadb", DatabaseTlsMode.VerifyFull)]
    [InlineData("mysql", DatabaseTlsMode.VerifyCA)]
    [InlineData("mysql", DatabaseTlsMode.VerifyFull)]
    public async Task A_wrong_ca_is_a_tls_failure(string flavor, DatabaseTlsMode tls)
    {
        var server = new MySqlTestServer(testbed, flavor);
        var wrongCa = Path.Combine(Path.GetTempPath(), $"rotator-wrong-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(wrongCa, SelfSignedCaPem(), MySqlTestServer.Token);
        try
        {
            var endpoint = server.Endpoint(tls) with { CaFile = wrongCa };

            var result = await MySqlTestServer.Target().ProbeAsync(endpoint, server.Admin, MySqlTestServer.Token);

            result.Status.Should().Be(MySqlProbeStatus.TlsFailure, result.Message);
            result.Message.Should().Contain(wrongCa).And.NotContain(server.Admin.Password);
        }
        finally
        {
            File.Delete(wrongCa);
        }
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task VerifyFull_without_the_ca_in_the_trust_store_says_so(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);

        var result = await MySqlTestServer.Target().ProbeAsync(server.Endpoint(DatabaseTlsMode.VerifyFull), server.Admin, MySqlTestServer.Token);

        result.Status.Should().Be(MySqlProbeStatus.TlsFailure, result.Message);
        result.Message.Should().Contain("trust store").And.Contain("SSL_CERT_FILE");
    }

    /// <summary>
    /// .NET reads SSL_CERT_FILE once per process, so a child process with the test bed CA as its trust store runs
    /// <see cref="VerifyFull_checks_against_the_process_trust_store"/>.
    /// </summary>
    [Fact]
    public async Task VerifyFull_passes_with_the_ca_in_the_process_trust_store()
    {
        var environment = Environment.GetEnvironmentVariable("ROTATOR_TESTBED_ENV");
        if (string.IsNullOrEmpty(environment))
        {
            // hack/test.sh always sets it; in CI its absence is a broken run, not a reason to skip.
            const string reason = "needs ROTATOR_TESTBED_ENV to hand the test bed to a child process";
            if (TestbedFixture.IsCi)
            {
                throw new InvalidOperationException(reason);
            }

            Assert.Skip(reason);
        }

        var child = await ProcessRunner.RunAsync(
            "dotnet",
            [
                typeof(MySqlProbeTests).Assembly.Location,
                "-method", $"{typeof(MySqlProbeTests).FullName}.{nameof(VerifyFull_checks_against_the_process_trust_store)}",
                "-explicit", "only",
                "-noColor",
            ],
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string>
            {
                ["SSL_CERT_FILE"] = new MySqlTestServer(testbed, "mysql").CaFile,
                ["ROTATOR_TESTBED_ENV"] = environment,
            },
            cancellationToken: MySqlTestServer.Token);

        child.ExitCode.Should().Be(0, child.StandardOutput + child.StandardError);
        child.StandardOutput.Should().Contain("Total: 2, Errors: 0, Failed: 0, Skipped: 0");
    }

    /// <summary>Run only by <see cref="VerifyFull_passes_with_the_ca_in_the_process_trust_store"/>, in a process that trusts the test bed CA.</summary>
    [Theory(Explicit = true)]
    [MemberData(nameof(Servers))]
    public async Task VerifyFull_checks_against_the_process_trust_store(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);

        var result = await MySqlTestServer.Target().ProbeAsync(server.Endpoint(DatabaseTlsMode.VerifyFull), server.Admin, MySqlTestServer.Token);

        result.Status.Should().Be(MySqlProbeStatus.Ok, result.Message);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task VerifyFull_with_the_test_bed_ca_file_logs_in_over_verified_tls(string flavor)
    {
        var server = new MySqlTestServer(testbed, flavor);
        var endpoint = server.EndpointWithCa(DatabaseTlsMode.VerifyFull);

        var result = await MySqlTestServer.Target().ProbeAsync(endpoint, server.Admin, MySqlTestServer.Token);

        result.Status.Should().Be(MySqlProbeStatus.Ok, result.Message);
    }

    [Fact]
    public async Task VerifyFull_with_a_missing_ca_file_is_refused_before_connecting()
    {
        var endpoint = new MySqlEndpoint("127.0.0.1", ClosedPort(), Tls: DatabaseTlsMode.VerifyFull, CaFile: "/nonexistent/rotator-ca.pem");

        var change = () => MySqlTestServer.Target().OpenAdminSessionAsync(endpoint, new MySqlCredentials("root", "x"), MySqlTestServer.Token);

        var error = (await change.Should().ThrowAsync<MySqlTargetException>()).Which;
        error.Failure.Should().Be(MySqlFailure.InvalidConfiguration);
        error.Message.Should().Contain("/nonexistent/rotator-ca.pem").And.Contain("does not exist");
    }

    [Fact]
    public async Task VerifyCA_without_a_ca_file_is_refused_before_connecting()
    {
        var endpoint = new MySqlEndpoint("127.0.0.1", ClosedPort(), Tls: DatabaseTlsMode.VerifyCA);

        var result = await MySqlTestServer.Target().ProbeAsync(endpoint, new MySqlCredentials("root", "x"), MySqlTestServer.Token);

        result.Status.Should().Be(MySqlProbeStatus.Other);
        result.Message.Should().Contain("VerifyCA but names no CA file");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string SelfSignedCaPem()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=Not the test bed CA", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return cert.ExportCertificatePem();
    }
}
