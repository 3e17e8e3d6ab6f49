using System.Net;
using FluentAssertions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Ldap;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Rotation.Tests.Engine;
using Rotator.Rotation.Tests.Fakes;
using Rotator.Testbed;

namespace Rotator.Rotation.Tests.Strategies.DirectoryService;

/// <summary>
/// Whole rotations whose testSecret binds over LDAPS or StartTLS to the test bed's slapd, trusting the CA file the
/// operator would be given; a CA that did not sign slapd's certificate stops the rotation before the password changes.
/// </summary>
public sealed class DirectoryServiceAdminTlsTests(TestbedFixture testbed) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("rotator-ds-tls-").FullName;

    public static TheoryData<bool> Modes => [false, true];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_rotation_verifies_the_new_password_over_tls_with_the_configured_ca(bool startTls)
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with
        {
            VerifyUrls = [(startTls ? testbed.Ldap.Url : testbed.Ldap.LdapsUrl).ToString()],
            CaFile = testbed.Ldap.CaFile,
        };
        var secret = await scenario.CreateSecretAsync("tls", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Succeeded, outcome.Message);
        await DirectoryServiceAdminRotationTests.ShouldHaveRotatedAsync(scenario, secret.Name, secret.VersionId!, outcome.VersionId!, "password");
        scenario.Logs.Text.Should().Contain(startTls ? testbed.Ldap.Url.ToString() : testbed.Ldap.LdapsUrl.ToString(), "testSecret names the server that bound");
        scenario.ShouldNotLeak(outcome);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_ca_that_did_not_sign_the_server_certificate_is_refused_before_the_password_changes(bool startTls)
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var wrong = SelfSignedCa.Write(Path.Combine(scratch, "wrong-ca.pem"));
        scenario.Settings = scenario.Settings with
        {
            VerifyUrls = [(startTls ? testbed.Ldap.Url : testbed.Ldap.LdapsUrl).ToString()],
            CaFile = wrong,
        };
        var secret = await scenario.CreateSecretAsync("wrong-ca", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused, outcome.Message);
        outcome.FailedStep.Should().Be(RotationStepNames.SetSecret);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.TlsFailure);
        outcome.Message.Should().Contain("nothing was changed").And.Contain($"does not chain to the CA in {wrong}");
        scenario.StandIn.Calls.Should().NotContain(c => c.Target != null && c.Target.EndsWith("ResetUserPassword", StringComparison.Ordinal));
        var state = await ObservedSecret.ReadAsync(testbed.Moto, secret.Name);
        state.CurrentVersionId.Should().Be(secret.VersionId);
        state.HolderOf(SecretVersionStages.Pending).Should().BeNull("a refusal leaves no AWSPENDING behind");
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success, "the directory still has AWSCURRENT's password");
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task Plain_ldap_asked_for_with_an_ldaps_url_is_refused_as_invalid_settings()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { VerifyUrls = [testbed.Ldap.LdapsUrl.ToString()], PlainLdap = true };
        var secret = await scenario.CreateSecretAsync("ldaps-plain", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.InvalidSettings, outcome.Message);
        outcome.Message.Should().Contain("plain LDAP").And.Contain("ldaps://");
        scenario.StandIn.Calls.Should().NotContain(c => c.Target != null && c.Target.EndsWith("ResetUserPassword", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_host_name_the_certificate_does_not_name_is_refused_before_the_password_changes()
    {
        await using var scenario = DirectoryScenario.Start(testbed);

        // The same slapd, reached as 127.0.0.2: its certificate names 127.0.0.1 and localhost only.
        await using var relay = new TcpRelay(testbed.Ldap.LdapsUrl, IPAddress.Parse("127.0.0.2"));
        scenario.Settings = scenario.Settings with { VerifyUrls = [relay.Url.ToString()], CaFile = testbed.Ldap.CaFile };
        var secret = await scenario.CreateSecretAsync("wrong-host", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused, outcome.Message);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.TlsFailure);
        outcome.Message.Should().Contain("nothing was changed").And.Contain("does not name 127.0.0.2");
        scenario.StandIn.Calls.Should().NotContain(c => c.Target != null && c.Target.EndsWith("ResetUserPassword", StringComparison.Ordinal));
        (await ObservedSecret.ReadAsync(testbed.Moto, secret.Name)).HolderOf(SecretVersionStages.Pending).Should().BeNull();
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success, "the directory still has AWSCURRENT's password");
        scenario.ShouldNotLeak(outcome);
    }

    [Fact]
    public async Task A_ca_file_that_is_not_there_is_refused_as_invalid_settings()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        var missing = Path.Combine(scratch, "missing.pem");
        scenario.Settings = scenario.Settings with { VerifyUrls = [testbed.Ldap.LdapsUrl.ToString()], CaFile = missing };
        var secret = await scenario.CreateSecretAsync("no-ca", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        outcome.Result.Should().Be(RotationResult.Refused);
        outcome.Reason.Should().Be(DirectoryServiceRotationReasons.InvalidSettings, outcome.Message);
        outcome.Message.Should().Contain(missing).And.Contain("--ldap-ca-file");
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success);
    }

    [Fact]
    public async Task Without_a_verify_url_plain_ldap_goes_to_port_389_of_the_directory_addresses()
    {
        await using var scenario = DirectoryScenario.Start(testbed);
        scenario.Settings = scenario.Settings with { VerifyUrls = null, PlainLdap = true };
        var secret = await scenario.CreateSecretAsync("default-starttls", scenario.PlainSecret());

        var outcome = await scenario.RunAsync(secret.Name);

        // Nothing of the test bed listens on 389: the default shows up in the message of the failed bind.
        outcome.Result.Should().NotBe(RotationResult.Succeeded);
        outcome.Message.Should().Contain($"ldap://{testbed.Ldap.Url.Host}/");
        (await scenario.BindAsync(scenario.User.Password)).Should().Be(LdapBindOutcome.Success, "restore put AWSCURRENT's password back");
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);
}
