using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using RotationReasons = Rotator.Rotation.Engine.RotationReasons;
using Rotator.Rotation.Ldap;
using Rotator.Testbed;
using Rotator.Testbed.DirectoryService;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// <c>rotator.io/rollback</c> end to end, for every strategy, against the operator, moto, MariaDB and slapd: AWSCURRENT
/// back on AWSPREVIOUS, the previous credential working on the target, the Secret mirrored, consumers restarted, and
/// every refusal changing nothing.
/// </summary>
public sealed class RollbackTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Single_user_rollback_sets_the_old_password_back_mirrors_restarts_and_acts_once_per_value()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-rb-single", ct);
        var server = testbed.MariaDb;
        await using var users = new MySqlUsers(server);
        const string firstPassword = "Rollback-first-0123456";
        var user = await users.CreateAsync(firstPassword, ct);
        var secretId = await h.CreateAwsSecretAsync("single",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = firstPassword }.ToJsonString(), ct);
        var original = (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).VersionId;
        await RestartAndResumeTests.CreateDeploymentAsync(h, "api", "single", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("single", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true },
        }, ct);
        var rotated = await h.WaitAsync("single", r => r.Status?.History?.Count == 1 && OperatorHarness.IsReady(r), Within, "rotated", ct);
        var rotatedVersion = rotated.Status!.CurrentVersionId!;
        var newPassword = (string)JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!["password"]!;

        await RequestAsync(h, "single", "undo-1", ct);
        var back = await h.WaitAsync("single", r => r.Status?.HandledRollback == "undo-1" && r.Status.Rollback is null && r.Status.CurrentVersionId == original && OperatorHarness.IsReady(r),
            Within, "rolled back and mirrored", ct);

        var stages = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages;
        stages[original].Should().Contain(SecretVersionStages.Current);
        stages[rotatedVersion].Should().Contain(SecretVersionStages.Previous, "AWSPREVIOUS points at the version rolled away from");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the previous password was set back on the server");
        (await users.CanLogInAsync(user, newPassword, ct)).Should().BeFalse();
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "single", ct))!.Data!["password"]).Should().Be(firstPassword);
        back.Status!.History![0].Should().Match<RotationHistoryEntry>(e => e.VersionId == original && e.Result == HistoryResult.Reverted);
        back.Status.History.Should().Contain(e => e.VersionId == rotatedVersion && e.Result == HistoryResult.Succeeded, "the rotation rolled away from stays in the history");
        OperatorHarness.Condition(back, ConditionTypes.Rotating)!.Reason.Should().Be(StatusReasons.RolledBack);
        await Eventually.HoldsAsync(async () => await RestartAndResumeTests.TemplateAnnotationAsync(h, "api", ct) == original, Within, "the consumer restarted for the restored version");
        await Eventually.HoldsAsync(async () => (await h.EventsAsync(ct)).Select(e => e.Reason).Intersect([StatusReasons.RollingBack, StatusReasons.RolledBack]).Count() == 2,
            TimeSpan.FromSeconds(15), "rollback events");
        (await h.Operator.GetAsync("/metrics")).Body.Split('\n').Should().Contain(l => l.StartsWith("rotator_rollbacks_total{", StringComparison.Ordinal)
            && l.Contains("strategy=\"MySQLSingleUser\"", StringComparison.Ordinal) && l.Contains("result=\"Succeeded\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));

        // The same value again (a re-applied manifest, an Argo CD sync) does nothing.
        await RequestAsync(h, "single", "undo-1", ct, touch: true);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages.Should().BeEquivalentTo(stages);
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue();
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task Alternating_users_rollback_moves_only_the_labels_and_is_refused_once_the_previous_user_no_longer_logs_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-rb-alt", ct);
        var server = testbed.MariaDb;
        await using var users = new MySqlUsers(server);
        const string firstPassword = "Rollback-alt-0123456789";
        var user = await users.CreateAsync(firstPassword, ct);
        var admin = await h.CreateAwsSecretAsync("admin",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = server.AdminUser, ["password"] = server.AdminPassword }.ToJsonString(), ct);
        var secretId = await h.CreateAwsSecretAsync("app",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = firstPassword, ["masterarn"] = admin }.ToJsonString(), ct);
        var original = (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).VersionId;
        await RestartAndResumeTests.CreateDeploymentAsync(h, "api", "app", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("app", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true },
        }, ct);
        var flipped = await h.WaitAsync("app", r => r.Status?.CurrentUsername == user + "_clone" && OperatorHarness.IsReady(r), Within, "flipped to the clone", ct);
        var cloneVersion = flipped.Status!.CurrentVersionId!;
        var clonePassword = (string)JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!["password"]!;

        await RequestAsync(h, "app", "back", ct);
        var back = await h.WaitAsync("app", r => r.Status?.HandledRollback == "back" && r.Status.CurrentUsername == user && OperatorHarness.IsReady(r), Within, "back on the first user", ct);
        back.Status!.CurrentVersionId.Should().Be(original);
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue();
        (await users.CanLogInAsync(user + "_clone", clonePassword, ct)).Should().BeTrue("alternating users only move labels: the clone is untouched");
        (await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId), ct)).Versions.Should().HaveCount(2, "a rollback writes no new version");
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "app", ct))!.Data!["username"]).Should().Be(user);
        await Eventually.HoldsAsync(async () => await RestartAndResumeTests.TemplateAnnotationAsync(h, "api", ct) == original, Within, "the user name changed, so the consumer restarted");

        // AWSPREVIOUS is now the clone; a DBA changes its password, so rolling back to it would hand out a dead credential.
        await users.SetPasswordAsync(user + "_clone", "Changed-by-a-dba-0987654", ct);
        var stages = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages;
        await RequestAsync(h, "app", "again", ct);
        var refused = await h.WaitAsync("app", r => r.Status?.HandledRollback == "again"
            && OperatorHarness.Condition(r, ConditionTypes.Rotating)?.Reason == StatusReasons.RollbackRefused, Within, "refused", ct);
        var condition = OperatorHarness.Condition(refused, ConditionTypes.Rotating)!;
        condition.Message.Should().Contain(RotationReasons.PreviousCredentialRejected).And.Contain(cloneVersion);
        refused.Status!.Rollback.Should().BeNull();
        refused.Status.CurrentVersionId.Should().Be(original);
        OperatorHarness.IsReady(refused).Should().BeTrue("the mirrored secret is still good");
        (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages.Should().BeEquivalentTo(stages, "a refused rollback changes nothing");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue();
        await h.AssertNothingLeaksAsync([firstPassword, "Changed-by-a-dba-0987654", .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task Directory_admin_rollback_resets_the_previous_password()
    {
        const string directoryId = "d-0123456789";
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-rb-ds", ct);
        using var user = LdapTestUser.Create(testbed.Ldap);
        await using var standIn = DirectoryServiceStandIn.Start([StandInDirectory.ForTestbed(testbed.Ldap, directoryId)]);
        h.Directory = standIn;
        var secretId = await h.CreateAwsSecretAsync("admin",
            new JsonObject { ["directoryId"] = directoryId, ["username"] = user.Uid, ["password"] = user.Password }.ToJsonString(), ct);

        // The bind that verifies the password is StartTLS over the ldap:// URL, checked against the test bed's CA.
        await h.StartAsync(ct, args: ["--ldap-ca-file", testbed.Ldap.CaFile]);
        await h.CreateAsync("ds-admin", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec
            {
                Strategy = RotationStrategy.DirectoryServiceAdmin,
                RotateOnCreate = true,
                DirectoryService = new DirectoryServiceSpec
                {
                    Verify = new DirectoryVerifySpec { Url = testbed.Ldap.Url.ToString(), BindDn = $"uid={{username}},ou=people,{testbed.Ldap.BaseDn}" },
                },
            },
            RefreshInterval = "10s",
        }, ct);
        await h.WaitAsync("ds-admin", r => r.Status?.LastRotationTime is not null && OperatorHarness.IsReady(r), Within, "rotated", ct);
        var rotatedPassword = (string)JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!["password"]!;

        await RequestAsync(h, "ds-admin", "undo", ct);
        await h.WaitAsync("ds-admin", r => r.Status?.History?[0].Result == HistoryResult.Reverted && OperatorHarness.IsReady(r), Within, "rolled back", ct);

        var verifier = new LdapVerifier(new LdapVerifierOptions(), TimeProvider.System);
        var directory = new LdapDirectory([testbed.Ldap.Url]);
        (await verifier.VerifyBindAsync(directory, user.Dn, user.Password, ct)).Outcome.Should().Be(LdapBindOutcome.Success, "the directory was reset to the previous password");
        (await verifier.VerifyBindAsync(directory, user.Dn, rotatedPassword, ct)).Outcome.Should().NotBe(LdapBindOutcome.Success);
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "ds-admin", ct))!.Data!["password"]).Should().Be(user.Password);
        await h.AssertNothingLeaksAsync([user.Password, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task RandomValue_rollback_restores_the_old_value_after_refusing_without_AWSPREVIOUS_and_during_a_rotation()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-rb-rv", ct);
        const string firstKey = "first-api-key-0123456789";
        var secretId = await h.CreateAwsSecretAsync("key", firstKey, ct);
        var original = (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).VersionId;
        await h.StartAsync(ct);
        await h.CreateAsync("key", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue },
            RefreshInterval = "10s",
        }, ct);
        await h.WaitAsync("key", OperatorHarness.IsReady, Within, "mirrored", ct);

        await RequestAsync(h, "key", "too-early", ct);
        var early = await h.WaitAsync("key", r => r.Status?.HandledRollback == "too-early", Within, "refused", ct);
        OperatorHarness.Condition(early, ConditionTypes.Rotating)!.Message.Should().Contain(RotationReasons.NoPreviousVersion);
        early.Status!.CurrentVersionId.Should().Be(original);

        await h.RotatingSecrets.PatchAsync(h.Namespace, "key",
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.RotateNow] = "now" } } }, V1Patch.PatchType.MergePatch, ct);
        var rotated = await h.WaitAsync("key", r => r.Status?.History?.Count == 1 && r.Status.CurrentVersionId != original && OperatorHarness.IsReady(r), Within, "rotated", ct);

        // Someone else's rotation is in flight: AWSPENDING on a third version.
        var pending = await h.Aws.PutSecretValueAsync(secretId, SecretPayload.FromString("pending-elsewhere-000000"), [SecretVersionStages.Pending], Guid.NewGuid().ToString(), ct);
        await RequestAsync(h, "key", "during", ct);
        var during = await h.WaitAsync("key", r => r.Status?.HandledRollback == "during" && r.Status.Rollback is null, Within, "refused", ct);
        OperatorHarness.Condition(during, ConditionTypes.Rotating)!.Message.Should().Contain(RotationReasons.RotationInProgress);
        during.Status!.CurrentVersionId.Should().Be(rotated.Status!.CurrentVersionId);

        await h.Aws.UpdateSecretVersionStageAsync(secretId, SecretVersionStages.Pending, null, pending.VersionId, ct);
        await RequestAsync(h, "key", "now", ct);
        var back = await h.WaitAsync("key", r => r.Status?.HandledRollback == "now" && r.Status.CurrentVersionId == original && OperatorHarness.IsReady(r), Within, "rolled back", ct);
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "key", ct))!.Data![SecretDataRenderer.WholeValueKey]).Should().Be(firstKey);
        back.Status!.History![0].Result.Should().Be(HistoryResult.Reverted);
        (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Previous, ct)).VersionId.Should().Be(rotated.Status.CurrentVersionId);
        await h.AssertNothingLeaksAsync([firstKey, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Theory]
    [InlineData(RotationStrategy.None)]
    [InlineData(RotationStrategy.AwsManaged)]
    public async Task Strategies_that_do_not_own_the_credential_refuse_a_rollback_and_change_nothing(RotationStrategy strategy)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-rb-no", ct);
        var secretId = await h.CreateAwsSecretAsync("other", """{"password":"owned-elsewhere-0001"}""", ct);
        var second = await h.Aws.PutSecretValueAsync(secretId, SecretPayload.FromString("""{"password":"owned-elsewhere-0002"}"""), null, Guid.NewGuid().ToString(), ct);
        await h.StartAsync(ct);
        await h.CreateAsync("other", new RotatingSecretSpec { SecretId = secretId, Rotation = new RotationSpec { Strategy = strategy }, RefreshInterval = "10s" }, ct,
            new Dictionary<string, string> { [RequestAnnotations.Rollback] = "please" });

        var refused = await h.WaitAsync("other", r => r.Status?.HandledRollback == "please" && OperatorHarness.IsReady(r), Within, "refused and mirrored", ct);
        var condition = OperatorHarness.Condition(refused, ConditionTypes.Rotating)!;
        condition.Reason.Should().Be(StatusReasons.RollbackRefused);
        condition.Message.Should().Contain("RollbackUnsupported").And.Contain(strategy.ToString());
        refused.Status!.CurrentVersionId.Should().Be(second.VersionId, "AWSCURRENT stays where it was");
        await Eventually.HoldsAsync(async () => (await h.EventsAsync(ct)).Any(e => e.Reason == StatusReasons.RollbackRefused), TimeSpan.FromSeconds(15), "a Warning event");
        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    [Fact]
    public async Task A_rollback_in_flight_when_the_strategy_became_None_is_kept_and_reported_not_forgotten()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-rb-orphan", ct);
        var secretId = await h.CreateAwsSecretAsync("orphan", """{"password":"orphaned-0001"}""", ct);
        var first = (await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).VersionId;
        var second = await h.Aws.PutSecretValueAsync(secretId, SecretPayload.FromString("""{"password":"orphaned-0002"}"""), null, Guid.NewGuid().ToString(), ct);
        await h.CreateAsync("orphan", new RotatingSecretSpec { SecretId = secretId, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, RefreshInterval = "10s" }, ct);
        // As a crashed operator would have left it: a single-user rollback checkpointed, then the strategy edited to None.
        await h.RotatingSecrets.PatchStatusAsync(h.Namespace, "orphan", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["handledRollback"] = "earlier",
                ["rollback"] = new JsonObject { ["requested"] = "earlier", ["fromVersionId"] = second.VersionId, ["toVersionId"] = first, ["attempts"] = 1 },
            },
        }, V1Patch.PatchType.MergePatch, ct);
        var stages = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages;
        await h.StartAsync(ct);

        var orphaned = await h.WaitAsync("orphan", r => OperatorHarness.Condition(r, ConditionTypes.Rotating)?.Reason == StatusReasons.RotationOrphaned, Within, "reported", ct);
        OperatorHarness.Condition(orphaned, ConditionTypes.Rotating)!.Message.Should().Contain("set the strategy back");
        orphaned.Status!.Rollback.Should().NotBeNull("the previous credential may already be on the target: the checkpoint stays");
        (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages.Should().BeEquivalentTo(stages);
    }

    private static async Task RequestAsync(OperatorHarness h, string name, string value, CancellationToken ct, bool touch = false)
    {
        // touch: also change another annotation, so the object really changes while the rollback value stays.
        var annotations = new JsonObject { [RequestAnnotations.Rollback] = value };
        if (touch)
        {
            annotations["example.com/touched"] = Guid.NewGuid().ToString();
        }

        await h.RotatingSecrets.PatchAsync(h.Namespace, name, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } }, V1Patch.PatchType.MergePatch, ct);
    }
}
