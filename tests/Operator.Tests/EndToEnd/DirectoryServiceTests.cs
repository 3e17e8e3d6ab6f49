using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Tests.Metrics;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Ldap;
using Rotator.Testbed;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>DirectoryServiceAdmin through the operator: the Directory Service stand-in resets the password in slapd.</summary>
public sealed class DirectoryServiceTests(TestbedFixture testbed) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("rotator-e2e-ldap-ca-").FullName;

    private const string DirectoryId = "d-0123456789";

    [Fact]
    public async Task Directory_admin_password_rotates_binds_and_is_mirrored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-ds", ct);
        using var user = LdapTestUser.Create(testbed.Ldap);
        await using var standIn = DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap, DirectoryId)]);
        h.Directory = standIn;
        var secretId = await h.CreateAwsSecretAsync("admin",
            new JsonObject { ["directoryId"] = DirectoryId, ["username"] = user.Uid, ["password"] = user.Password, ["note"] = "kept" }.ToJsonString(), ct);
        await h.StartAsync(ct, args: ["--ldap-ca-file", testbed.Ldap.CaFile]);

        // An ldap:// url: StartTLS, verified against the operator's LDAP CA file.
        await h.CreateAsync("ds-admin", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec
            {
                Strategy = RotationStrategy.DirectoryServiceAdmin,
                RotateOnCreate = true,
                DirectoryService = new DirectoryServiceSpec
                {
                    // slapd is not Active Directory: it binds DNs, not user@domain names.
                    Verify = new DirectoryVerifySpec { Url = testbed.Ldap.Url.ToString(), BindDn = $"uid={{username}},ou=people,{testbed.Ldap.BaseDn}" },
                },
            },
            RefreshInterval = "10s",
        }, ct);

        var done = await h.WaitAsync("ds-admin", r => r.Status?.LastRotationTime is not null && OperatorHarness.IsReady(r), TimeSpan.FromSeconds(90), "rotated", ct);
        var current = JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!;
        var password = (string)current["password"]!;
        password.Should().NotBe(user.Password);
        ((string?)current["note"]).Should().Be("kept");
        var verifier = new LdapVerifier(new LdapVerifierOptions(), TimeProvider.System);
        (await verifier.VerifyBindAsync(new LdapDirectory([testbed.Ldap.Url]), user.Dn, password, ct)).Outcome.Should().Be(LdapBindOutcome.Success);
        (await verifier.VerifyBindAsync(new LdapDirectory([testbed.Ldap.Url]), user.Dn, user.Password, ct)).Outcome.Should().NotBe(LdapBindOutcome.Success, "the old password is refused");
        System.Text.Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "ds-admin", ct))!.Data!["password"]).Should().Be(password);
        done.Status!.CurrentUsername.Should().Be(user.Uid);

        // Directory Service calls go through the operator's one AWS transport, so they are counted like Secrets Manager's.
        var metrics = ExpositionParser.Parse((await h.Operator.GetAsync("/metrics")).Body + "\n");
        metrics.Value("rotator_aws_calls_total", ("service", "ds"), ("operation", "ResetUserPassword"), ("outcome", "success")).Should().Be(1);
        metrics.Value("rotator_aws_calls_total", ("service", "ds"), ("operation", "DescribeDirectories"), ("outcome", "success")).Should().BeGreaterThanOrEqualTo(1);
        await h.AssertNothingLeaksAsync([user.Password, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task Over_ldaps_the_new_password_is_verified_against_the_operators_ldap_ca_file()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-ldaps", ct);
        using var user = LdapTestUser.Create(testbed.Ldap);
        await using var standIn = DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap, DirectoryId)]);
        h.Directory = standIn;
        var secretId = await h.CreateAwsSecretAsync("admin", AdminSecret(user), ct);
        await h.StartAsync(ct, args: ["--ldap-ca-file", testbed.Ldap.CaFile]);
        await h.CreateAsync("ds-ldaps", Spec(secretId, testbed.Ldap.LdapsUrl), ct);

        var done = await h.WaitAsync("ds-ldaps", r => r.Status?.LastRotationTime is not null && OperatorHarness.IsReady(r), TimeSpan.FromSeconds(90), "rotated", ct);

        var password = (string)JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!["password"]!;
        password.Should().NotBe(user.Password);
        var verifier = new LdapVerifier(new LdapVerifierOptions(), TimeProvider.System);
        var overLdaps = new LdapDirectory([testbed.Ldap.LdapsUrl]) { CaFile = testbed.Ldap.CaFile };
        (await verifier.VerifyBindAsync(overLdaps, user.Dn, password, ct)).Outcome.Should().Be(LdapBindOutcome.Success);
        (await verifier.VerifyBindAsync(overLdaps, user.Dn, user.Password, ct)).Outcome.Should().Be(LdapBindOutcome.InvalidCredentials);
        done.Status!.History.Should().ContainSingle().Which.Result.Should().Be(HistoryResult.Succeeded);
        h.Logs.Lines.Should().Contain(l => l.Contains(testbed.Ldap.LdapsUrl.ToString(), StringComparison.Ordinal), "testSecret names the ldaps:// server that bound");
        await h.AssertNothingLeaksAsync([user.Password, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task Over_StartTLS_a_ca_file_that_did_not_sign_the_server_refuses_the_rotation_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-ldap-wrong-ca", ct);
        using var user = LdapTestUser.Create(testbed.Ldap);
        await using var standIn = DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap, DirectoryId)]);
        h.Directory = standIn;
        var secretId = await h.CreateAwsSecretAsync("admin", AdminSecret(user), ct);
        var wrong = SelfSignedCa.Write(Path.Combine(scratch, "wrong-ca.pem"));
        await h.StartAsync(ct, args: ["--ldap-ca-file", wrong]);
        await h.CreateAsync("ds-wrong-ca", Spec(secretId, testbed.Ldap.Url), ct);

        var refused = await h.WaitAsync("ds-wrong-ca", r => r.Status?.History is [{ Result: HistoryResult.Refused }, ..], TimeSpan.FromSeconds(90), "refused", ct);

        var rotating = OperatorHarness.Condition(refused, ConditionTypes.Rotating)!;
        rotating.Reason.Should().Be("TlsFailure");
        rotating.Message.Should().Contain($"does not chain to the CA in {wrong}").And.Contain("nothing was changed");
        standIn.Calls.Should().NotContain(c => c.Target != null && c.Target.EndsWith("ResetUserPassword", StringComparison.Ordinal));
        var verifier = new LdapVerifier(new LdapVerifierOptions(), TimeProvider.System);
        (await verifier.VerifyBindAsync(new LdapDirectory([testbed.Ldap.Url]), user.Dn, user.Password, ct)).Outcome.Should().Be(LdapBindOutcome.Success, "the directory keeps AWSCURRENT's password");
        var stages = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages;
        stages.Values.Should().NotContain(labels => labels.Contains(SecretVersionStages.Pending), "the refused rotation leaves no AWSPENDING behind");
        var current = (string)JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!["password"]!;
        current.Should().Be(user.Password, "AWSCURRENT did not move");
        await h.AssertNothingLeaksAsync([user.Password, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static string AdminSecret(LdapTestUser user) =>
        new JsonObject { ["directoryId"] = DirectoryId, ["username"] = user.Uid, ["password"] = user.Password }.ToJsonString();

    private RotatingSecretSpec Spec(string secretId, Uri url) => new()
    {
        SecretId = secretId,
        Rotation = new RotationSpec
        {
            Strategy = RotationStrategy.DirectoryServiceAdmin,
            RotateOnCreate = true,
            DirectoryService = new DirectoryServiceSpec
            {
                Verify = new DirectoryVerifySpec { Url = url.ToString(), BindDn = $"uid={{username}},ou=people,{testbed.Ldap.BaseDn}" },
            },
        },
        RefreshInterval = "10s",
    };
}
