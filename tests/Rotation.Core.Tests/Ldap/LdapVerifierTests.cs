using System.Diagnostics;
using FluentAssertions;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Tests.Fakes;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Ldap;

/// <summary><see cref="LdapVerifier"/> against the test bed's slapd, dead ports, hung servers and black holes.</summary>
public sealed class LdapVerifierTests(TestbedFixture testbed)
{
    // Without libldap deadlines these binds block forever; fail with a name instead of hanging the run.
    private const int HangGuardMilliseconds = 30_000;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    // Generous: the assertion is "bounded by the deadline", not a benchmark.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(4);

    private readonly LdapVerifier verifier = new(
        new LdapVerifierOptions { ConnectTimeout = Deadline, OperationTimeout = Deadline }, TimeProvider.System);

    [Fact]
    public async Task The_right_password_succeeds()
    {
        var result = await Verify([testbed.Ldap.Url], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Success, result.Message);
        result.Succeeded.Should().BeTrue();
        result.Server.Should().Be(testbed.Ldap.Url);
    }

    [Fact]
    public async Task A_wrong_password_is_invalid_credentials()
    {
        var result = await Verify([testbed.Ldap.Url], testbed.Ldap.UserDn, testbed.Ldap.UserPassword + "x");

        result.Outcome.Should().Be(LdapBindOutcome.InvalidCredentials, result.Message);
        result.Message.Should().Contain("LDAP 49");
    }

    [Fact]
    public async Task A_user_that_does_not_exist_is_invalid_credentials()
    {
        var result = await Verify([testbed.Ldap.Url], $"uid=nobody,ou=people,{testbed.Ldap.BaseDn}", "Whatever-1");

        result.Outcome.Should().Be(LdapBindOutcome.InvalidCredentials, result.Message);
    }

    [Fact]
    public async Task A_dn_rendered_from_a_template_binds()
    {
        var template = BindNameTemplate.Parse($"uid={{username}},ou=people,{testbed.Ldap.BaseDn}");

        var result = await Verify([testbed.Ldap.Url], template.Render(new BindNameValues("Admin")), testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Success, result.Message);
    }

    [Fact]
    public async Task A_non_ascii_password_round_trips()
    {
        using var user = LdapTestUser.Create(testbed.Ldap);
        var password = "Pässwörd-Ünïcødé-€-" + Guid.NewGuid().ToString("N")[..6];
        new LdapAdmin(testbed.Ldap).SetPassword(user.Dn, password);

        (await Verify([testbed.Ldap.Url], user.Dn, password)).Outcome.Should().Be(LdapBindOutcome.Success);
        (await Verify([testbed.Ldap.Url], user.Dn, password[..^1])).Outcome.Should().Be(LdapBindOutcome.InvalidCredentials);
    }

    [Fact]
    public async Task A_port_with_nothing_listening_is_unreachable_at_once()
    {
        var clock = Stopwatch.StartNew();

        var result = await Verify([DeadUrl()], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Unreachable, result.Message);
        result.Server.Should().BeNull();
        result.Message.Should().Contain("refused");
        clock.Elapsed.Should().BeLessThan(Deadline + Slack);
    }

    [Fact(Timeout = HangGuardMilliseconds)]
    public async Task A_server_that_accepts_but_never_answers_is_unreachable_within_the_operation_timeout()
    {
        using var silent = new SilentServer();
        var clock = Stopwatch.StartNew();

        var result = await Verify([silent.LdapUrl], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Unreachable, result.Message);
        result.Message.Should().Contain("no answer within 1s");
        clock.Elapsed.Should().BeLessThan(Deadline + Slack);
    }

    [Fact(Timeout = HangGuardMilliseconds)]
    public async Task An_address_that_drops_connections_is_unreachable_within_the_connect_timeout()
    {
        using var hole = new BlackHoleServer();
        Assert.SkipUnless(await hole.IsDroppingAsync(), "this kernel refuses instead of dropping SYNs to a full accept queue");
        var clock = Stopwatch.StartNew();

        var result = await Verify([hole.LdapUrl], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Unreachable, result.Message);
        result.Message.Should().Contain("no TCP connection");
        clock.Elapsed.Should().BeLessThan(Deadline + Slack);
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_is_unreachable()
    {
        var result = await Verify([new Uri("ldap://dc1.rotator-test.invalid")], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Unreachable, result.Message);
        result.Message.Should().Contain("dc1.rotator-test.invalid");
    }

    [Fact]
    public async Task A_dead_first_server_falls_through_to_the_second()
    {
        var dead = DeadUrl();

        var result = await Verify([dead, testbed.Ldap.Url], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Success, result.Message);
        result.Server.Should().Be(testbed.Ldap.Url);
        result.Message.Should().Contain(dead.ToString()).And.Contain("unreachable");
    }

    [Fact(Timeout = HangGuardMilliseconds)]
    public async Task A_hung_first_server_falls_through_to_the_second()
    {
        using var silent = new SilentServer();

        var result = await Verify([silent.LdapUrl, testbed.Ldap.Url], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Success, result.Message);
        result.Server.Should().Be(testbed.Ldap.Url);
    }

    [Fact]
    public async Task Invalid_credentials_from_a_reachable_server_are_final()
    {
        using var next = new SilentServer();

        var result = await Verify([testbed.Ldap.Url, next.LdapUrl], testbed.Ldap.UserDn, testbed.Ldap.UserPassword + "x");

        result.Outcome.Should().Be(LdapBindOutcome.InvalidCredentials, result.Message);
        result.Server.Should().Be(testbed.Ldap.Url);
        next.Connections.Should().Be(0, "a rejected password is not retried elsewhere");
    }

    [Fact]
    public async Task When_no_server_answers_every_one_is_reported()
    {
        var first = DeadUrl();
        using var second = new SilentServer();

        var result = await Verify([first, second.LdapUrl], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.Unreachable, result.Message);
        result.Server.Should().BeNull();
        result.Message.Should().Contain(first.ToString()).And.Contain(second.LdapUrl.ToString());
    }

    [Fact]
    public async Task Ldaps_against_a_plain_ldap_port_is_a_tls_failure()
    {
        var ldaps = new UriBuilder(testbed.Ldap.Url) { Scheme = "ldaps" }.Uri;

        var result = await Verify([ldaps], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.TlsFailure, result.Message);
    }

    [Fact]
    public async Task A_tls_failure_on_one_server_does_not_stop_the_next()
    {
        var ldaps = new UriBuilder(testbed.Ldap.Url) { Scheme = "ldaps" }.Uri;
        using var silent = new SilentServer();

        var result = await Verify([ldaps, silent.LdapUrl], testbed.Ldap.UserDn, testbed.Ldap.UserPassword);

        result.Outcome.Should().Be(LdapBindOutcome.TlsFailure, "the first server that answered decides when none succeeds");
        silent.Connections.Should().BePositive("the next server is tried");
    }

    [Fact]
    public async Task No_message_ever_contains_the_password()
    {
        // A password that is also a plausible substring of server diagnostics would make this test meaningless.
        var password = "Sekrit-" + Guid.NewGuid().ToString("N");
        using var silent = new SilentServer();
        var ldaps = new UriBuilder(testbed.Ldap.Url) { Scheme = "ldaps" }.Uri;
        using var user = LdapTestUser.Create(testbed.Ldap);
        new LdapAdmin(testbed.Ldap).SetPassword(user.Dn, password);

        var results = new[]
        {
            await Verify([testbed.Ldap.Url], user.Dn, password),
            await Verify([testbed.Ldap.Url], testbed.Ldap.UserDn, password),
            await Verify([DeadUrl(), silent.LdapUrl, ldaps], user.Dn, password),
            await Verify([testbed.Ldap.Url], user.Dn, password, startTls: true),
        };

        results.Select(r => r.Outcome).Should().Equal(
            LdapBindOutcome.Success, LdapBindOutcome.InvalidCredentials, LdapBindOutcome.TlsFailure, LdapBindOutcome.TlsFailure);
        results.Should().AllSatisfy(r => r.Message.Should().NotContain(password).And.NotBeNullOrWhiteSpace());
        results.Should().AllSatisfy(r => r.ToString().Should().NotContain(password));
    }

    [Fact]
    public async Task An_empty_password_is_refused_before_any_bind()
    {
        // An empty simple-bind password is an unauthenticated bind, which proves nothing.
        var verify = () => verifier.VerifyBindAsync(new LdapDirectory([testbed.Ldap.Url]), testbed.Ldap.UserDn, string.Empty, TestContext.Current.CancellationToken);

        await verify.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task Misconfiguration_is_an_argument_error_not_a_bind_outcome()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = new LdapDirectory([new Uri("http://dc1.example.com")]);
        var none = new LdapDirectory([]);

        await FluentActions.Awaiting(() => verifier.VerifyBindAsync(http, "cn=x", "pw", ct)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => verifier.VerifyBindAsync(none, "cn=x", "pw", ct)).Should().ThrowAsync<ArgumentException>();
    }

    private async Task<LdapBindResult> Verify(Uri[] servers, string bindName, string password, bool startTls = false)
    {
        var result = await verifier.VerifyBindAsync(
            new LdapDirectory(servers) { StartTls = startTls }, bindName, password, TestContext.Current.CancellationToken);
        result.Message.Should().NotContain(password);
        return result;
    }

    private static Uri DeadUrl()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return new Uri($"ldap://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}");
    }
}
