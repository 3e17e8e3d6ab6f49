using System.Net;
using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Tests.Fakes;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Ldap;

/// <summary>
/// LDAPS and StartTLS against the test bed's slapd, whose certificate the test bed's CA signs for 127.0.0.1 and
/// localhost: the right CA binds, a wrong CA or a wrong host name fails the bind with a reason, never the password.
/// </summary>
public sealed class LdapVerifierTlsTests(TestbedFixture testbed) : IDisposable
{
    private static readonly IPAddress OtherLoopback = IPAddress.Parse("127.0.0.2");

    private readonly LdapVerifier verifier = new(
        new LdapVerifierOptions { ConnectTimeout = TimeSpan.FromSeconds(2), OperationTimeout = TimeSpan.FromSeconds(5) }, TimeProvider.System);

    private readonly string scratch = Directory.CreateTempSubdirectory("rotator-ldap-ca-").FullName;

    public static TheoryData<bool> Modes => [false, true];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_test_bed_ca_binds(bool startTls)
    {
        var result = await Verify(Server(startTls), startTls, testbed.Ldap.CaFile, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Success, result.Message);
        result.Server.Should().Be(Server(startTls));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_wrong_password_over_tls_is_invalid_credentials(bool startTls)
    {
        var result = await Verify(Server(startTls), startTls, testbed.Ldap.CaFile, testbed.Ldap.UserPassword + "x");

        result.Outcome.Should().Be(LdapBindOutcome.InvalidCredentials, "the TLS session stood and the server judged the password: {0}", result.Message);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_ca_that_did_not_sign_the_certificate_fails_the_bind(bool startTls)
    {
        // Same name as the test bed's CA, another key.
        var wrong = SelfSignedCa.Write(Path.Combine(scratch, "wrong.pem"));

        var result = await Verify(Server(startTls), startTls, wrong, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.TlsFailure, result.Message);
        result.Message.Should().Contain("TLS could not be established").And.Contain($"does not chain to the CA in {wrong}");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Without_a_ca_file_the_system_trust_decides_and_does_not_know_the_test_bed_ca(bool startTls)
    {
        var result = await Verify(Server(startTls), startTls, caFile: null, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.TlsFailure, result.Message);
        result.Message.Should().Contain("does not chain to the system's trusted CAs");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_host_name_the_certificate_does_not_name_fails_the_bind(bool startTls)
    {
        // The same slapd, reached as 127.0.0.2: the certificate names 127.0.0.1 and localhost only.
        await using var relay = new TcpRelay(Server(startTls), OtherLoopback);

        var result = await Verify(relay.Url, startTls, testbed.Ldap.CaFile, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.TlsFailure, result.Message);
        result.Message.Should().Contain("does not name 127.0.0.2").And.Contain("127.0.0.1").And.NotContain("does not chain");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task The_password_never_crosses_the_wire_in_clear_text_over_tls(bool startTls)
    {
        await using var tap = new TcpRelay(Server(startTls), IPAddress.Loopback);

        var result = await Verify(tap.Url, startTls, testbed.Ldap.CaFile, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Success, result.Message);
        Contains(tap.ClientBytes, testbed.Ldap.UserPassword).Should().BeFalse("the bind went inside TLS");
    }

    [Fact]
    public async Task Plain_ldap_sends_the_password_in_clear_text_which_is_why_it_must_be_asked_for()
    {
        // The tap's control: without it, the test above could pass because the tap records nothing.
        await using var tap = new TcpRelay(testbed.Ldap.Url, IPAddress.Loopback);

        var result = await Verify(tap.Url, startTls: false, caFile: null, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Success, result.Message);
        Contains(tap.ClientBytes, testbed.Ldap.UserPassword).Should().BeTrue();
    }

    [Fact]
    public async Task StartTls_refused_by_a_server_without_a_certificate_is_a_tls_failure_before_any_bind()
    {
        using var server = new StartTlsRefusingServer();

        var result = await Verify(server.LdapUrl, startTls: true, testbed.Ldap.CaFile, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.TlsFailure, result.Message);
        result.Message.Should().Contain("refused StartTLS (LDAP result 52");
    }

    [Fact]
    public async Task Ldaps_to_the_plain_port_says_there_was_no_tls_handshake()
    {
        var plain = new UriBuilder(testbed.Ldap.Url) { Scheme = "ldaps" }.Uri;

        var result = await Verify(plain, startTls: false, testbed.Ldap.CaFile, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.TlsFailure, result.Message);
        result.Message.Should().Contain("no TLS handshake");
    }

    [Fact]
    public async Task A_renewed_bundle_is_read_at_the_next_bind()
    {
        var bundle = Path.Combine(scratch, "bundle.pem");
        File.Copy(SelfSignedCa.Write(Path.Combine(scratch, "old.pem"), "CN=Old CA"), bundle);
        (await Verify(testbed.Ldap.LdapsUrl, false, bundle, testbed.Ldap.UserPassword)).Outcome.Should().Be(LdapBindOutcome.TlsFailure);

        // A bundle of two CAs, as during a CA change: either may sign.
        File.WriteAllText(bundle, File.ReadAllText(bundle) + "\n" + File.ReadAllText(testbed.Ldap.CaFile));

        (await Verify(testbed.Ldap.LdapsUrl, false, bundle, testbed.Ldap.UserPassword)).Outcome.Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task A_ca_file_that_is_missing_or_holds_no_certificate_is_a_configuration_error()
    {
        var empty = Path.Combine(scratch, "empty.pem");
        File.WriteAllText(empty, "not a certificate\n");
        var missing = Path.Combine(scratch, "missing.pem");

        await FluentActions.Awaiting(() => Verify(testbed.Ldap.LdapsUrl, false, empty, testbed.Ldap.UserPassword))
            .Should().ThrowAsync<ArgumentException>().WithMessage($"*{empty} holds no PEM certificate*");
        await FluentActions.Awaiting(() => Verify(testbed.Ldap.LdapsUrl, false, missing, testbed.Ldap.UserPassword))
            .Should().ThrowAsync<ArgumentException>().WithMessage($"*{missing} cannot be read*");
    }

    [Fact]
    public void The_trust_directory_holds_the_certificates_only()
    {
        var file = Path.Combine(scratch, "with-key.pem");
        using var key = RSA.Create(2048);
        File.WriteAllText(file, File.ReadAllText(testbed.Ldap.CaFile) + key.ExportPkcs8PrivateKeyPem());

        var bundle = LdapCaBundle.Load(file);

        var written = Directory.GetFiles(bundle.TrustDirectory).Select(File.ReadAllText).ToList();
        written.Should().ContainSingle().Which.Should().Contain("BEGIN CERTIFICATE").And.NotContain("PRIVATE KEY");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(bundle.TrustDirectory).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private Uri Server(bool startTls) => startTls ? testbed.Ldap.Url : testbed.Ldap.LdapsUrl;

    private async Task<LdapBindResult> Verify(Uri server, bool startTls, string? caFile, string password)
    {
        var result = await verifier.VerifyBindAsync(
            new LdapDirectory([server]) { StartTls = startTls, CaFile = caFile }, testbed.Ldap.UserDn, password, TestContext.Current.CancellationToken);
        result.Message.Should().NotContain(password);
        return result;
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
