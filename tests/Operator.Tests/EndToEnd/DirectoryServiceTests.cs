using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Operator.Resources;
using Rotator.Operator.Tests.Metrics;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Rotation.Ldap;
using Rotator.Testbed;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>DirectoryServiceAdmin through the operator: the Directory Service stand-in resets the password in slapd.</summary>
public sealed class DirectoryServiceTests(TestbedFixture testbed)
{
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
        await h.StartAsync(ct);
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
}
