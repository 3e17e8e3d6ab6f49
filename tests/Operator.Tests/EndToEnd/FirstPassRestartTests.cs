using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;
using static Rotator.Operator.Tests.EndToEnd.RestartAndResumeTests;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>
/// Restarts follow what running pods can hold, from a resource's first pass on: adopting a Secret in use, a rotation
/// on create, explicit targets, a RotatingSecret re-created over a retained Secret, and crashes in between.
/// </summary>
public sealed class FirstPassRestartTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Adopting_a_secret_in_use_with_a_rotation_on_create_restarts_its_consumers_once_even_across_crashes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-adopt", ct);
        await using var users = new MySqlUsers(testbed.MariaDb);
        const string legacyPassword = "Legacy-pass-0123456789";
        var user = await users.CreateAsync(legacyPassword, ct);
        var server = testbed.MariaDb;
        var secretId = await h.CreateAwsSecretAsync("legacy",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = legacyPassword }.ToJsonString(), ct);
        // What a team migrating to Rotator has: a Secret made by hand, read by a running Deployment.
        await CreateLegacySecretAsync(h, "legacy-db", user, legacyPassword, ct);
        await CreateDeploymentAsync(h, "legacy-api", "legacy-db", ct);

        // The first pass is cut short right after it writes the adopted Secret, before any restart or status write.
        var crash = new FailOnceOnEvent(StatusReasons.SecretUpdated);
        await h.StartAsync(ct, crash.Register);
        await h.CreateAsync("legacy", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } },
            Target = new TargetSpec { Name = "legacy-db", Adopt = true },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true, WaitForRollout = true },
        }, ct);

        var restarted = await h.WaitAsync("legacy", r => r.Status?.CurrentVersionId is { } v && r.Status.Restarts?.Any(x => x.Name == "legacy-api" && x.VersionId == v) == true,
            Within, "the adopted Secret's consumer restarted for the rotated version", ct);
        crash.Fired.Should().BeTrue("the pass that wrote the Secret was cut short before its restarts");
        var version = restarted.Status!.CurrentVersionId!;
        (await TemplateAnnotationAsync(h, "legacy-api", ct)).Should().Be(version);
        OperatorHarness.Condition(restarted, ConditionTypes.RolloutComplete)!.Reason.Should().NotBe(StatusReasons.NoRestartNeeded);
        var current = JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!;
        var newPassword = (string)current["password"]!;
        (await SecretValueAsync(h, "legacy-db", "password", ct)).Should().Be(newPassword, "the pods the restart creates read the new password");
        (await users.CanLogInAsync(user, newPassword, ct)).Should().BeTrue();
        (await users.CanLogInAsync(user, legacyPassword, ct)).Should().BeFalse("single user: the old password died at setSecret, so the old pods had to go");

        await Eventually.HoldsAsync(async () => await MarkPodsReadyAsync(h, ct) && await RolledOutAsync(h, "legacy-api", ct), Within, "rollout completes");
        await h.WaitAsync("legacy", r => OperatorHarness.Condition(r, ConditionTypes.RolloutComplete) is { Status: "True", Reason: StatusReasons.RolledOut }, Within, "rollout tracked", ct);

        // An operator restart afterwards restarts nothing again.
        var restartedAt = await RestartedAtAsync(h, "legacy-api", ct);
        var replicaSets = await ReplicaSetsAsync(h, ct);
        await h.StopAsync();
        await h.StartAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(12), ct); // the restarted operator's first pass and one refresh interval
        OperatorHarness.IsReady((await h.RotatingSecrets.GetAsync(h.Namespace, "legacy", ct))!).Should().BeTrue();
        (await RestartedAtAsync(h, "legacy-api", ct)).Should().Be(restartedAt);
        (await ReplicaSetsAsync(h, ct)).Should().Be(replicaSets);
        await h.AssertNothingLeaksAsync([legacyPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task An_adopted_alternating_users_secret_holds_the_second_rotation_until_consumers_rolled_out_onto_the_first_flip()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-adopt-alt", ct);
        await using var users = new MySqlUsers(testbed.MariaDb);
        const string firstPassword = "Adopted-alt-0123456789";
        var user = await users.CreateAsync(firstPassword, ct);
        var server = testbed.MariaDb;
        var admin = await h.CreateAwsSecretAsync("admin",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = server.AdminUser, ["password"] = server.AdminPassword }.ToJsonString(), ct);
        var secretId = await h.CreateAwsSecretAsync("app",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = firstPassword, ["masterarn"] = admin }.ToJsonString(), ct);
        await CreateLegacySecretAsync(h, "app-db", user, firstPassword, ct);
        await CreateDeploymentAsync(h, "api", "app-db", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("app", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, RotateOnCreate = true, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } },
            Target = new TargetSpec { Name = "app-db", Adopt = true },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true, WaitForRollout = true },
        }, ct);

        var flipped = await h.WaitAsync("app", r => r.Status?.CurrentUsername == user + "_clone" && r.Status.Restarts?.Any(x => x.Name == "api" && x.VersionId == r.Status.CurrentVersionId) == true,
            Within, "first flip restarted the adopted Secret's consumer", ct);
        (await TemplateAnnotationAsync(h, "api", ct)).Should().Be(flipped.Status!.CurrentVersionId);

        // The old pods still run on the original user: the second rotation would change its password under them.
        await RotateNowAsync(h, "app", "second", ct);
        var held = await h.WaitAsync("app", r => OperatorHarness.Condition(r, ConditionTypes.Rotating)?.Reason == StatusReasons.WaitingForRollout, Within, "second rotation held", ct);
        OperatorHarness.Condition(held, ConditionTypes.Rotating)!.Message.Should().Contain("Deployment/api");
        (await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId), ct)).Versions.Should().HaveCount(2, "nothing was started while held");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the user the old pods hold still works while they roll over");

        await Eventually.HoldsAsync(async () => await MarkPodsReadyAsync(h, ct) && await RolledOutAsync(h, "api", ct), Within, "rollout completes");
        await h.WaitAsync("app", r => r.Status?.CurrentUsername == user && r.Status.History?.Count == 2, Within, "second rotation flips back once the consumers moved", ct);
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task A_secret_created_in_the_first_pass_restarts_named_targets_and_spares_the_consumers_waiting_for_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-named", ct);
        var secretId = await h.CreateAwsSecretAsync("key", """{"apiKey":"first-pass-key-000000"}""", ct);
        // "worker" gets the key some other way (the user named it); "waiting" references the Secret, which does not exist yet.
        await CreateDeploymentAsync(h, "worker", "unrelated", ct);
        await CreateDeploymentAsync(h, "waiting", "key", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("key", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RandomValue = new RandomValueSpec { Field = "apiKey" } },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true, Targets = [new RestartTarget { Kind = WorkloadKind.Deployment, Name = "worker" }] },
        }, ct);

        var ready = await h.WaitAsync("key", r => OperatorHarness.IsReady(r) && r.Status?.Restarts?.Count > 0, Within, "mirrored and the named target restarted", ct);
        var version = ready.Status!.CurrentVersionId!;
        (await TemplateAnnotationAsync(h, "worker", ct)).Should().Be(version);
        (await TemplateAnnotationAsync(h, "waiting", ct)).Should().BeNull("its pods were waiting for the Secret and start with its data");
        ready.Status.Restarts.Should().ContainSingle().Which.Name.Should().Be("worker");

        var restartedAt = await RestartedAtAsync(h, "worker", ct);
        await h.StopAsync();
        await h.StartAsync(ct);
        await Task.Delay(TimeSpan.FromSeconds(12), ct);
        (await RestartedAtAsync(h, "worker", ct)).Should().Be(restartedAt, "an operator restart restarts nothing again");
        (await TemplateAnnotationAsync(h, "waiting", ct)).Should().BeNull();
    }

    [Fact]
    public async Task A_resource_recreated_over_a_retained_secret_restarts_consumers_onto_what_changed_meanwhile()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-retain", ct);
        var secretId = await h.CreateAwsSecretAsync("token", """{"token":"retained-token-000000"}""", ct);
        var spec = new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.None },
            Target = new TargetSpec { Name = "token", DeletionPolicy = DeletionPolicy.Retain, Adopt = true },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true },
        };
        await CreateDeploymentAsync(h, "reader", "token", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("token", spec, ct);
        var first = await h.WaitAsync("token", OperatorHarness.IsReady, Within, "mirrored", ct);
        (await TemplateAnnotationAsync(h, "reader", ct)).Should().BeNull("the Secret was created for pods that waited for it");

        await h.RotatingSecrets.DeleteAsync(h.Namespace, "token", ct);
        await Eventually.HoldsAsync(async () => await h.RotatingSecrets.GetAsync(h.Namespace, "token", ct) is null, Within, "RotatingSecret gone, Secret retained");
        (await h.Secrets.GetAsync(h.Namespace, "token", ct)).Should().NotBeNull();
        // While nobody manages it, the secret changes in AWS: the pods still hold the retained data.
        var changed = await h.Aws.PutSecretValueAsync(secretId, SecretPayload.FromString("""{"token":"changed-meanwhile-000000"}"""), null, Guid.NewGuid().ToString(), ct);

        await h.CreateAsync("token", spec, ct);
        await h.WaitAsync("token", r => r.Status?.CurrentVersionId == changed.VersionId && OperatorHarness.IsReady(r), Within, "re-created resource mirrors the new version", ct);
        await Eventually.HoldsAsync(async () => await TemplateAnnotationAsync(h, "reader", ct) == changed.VersionId, Within, "the consumer moved onto the new version");
        first.Status!.CurrentVersionId.Should().NotBe(changed.VersionId);
        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    private static async Task CreateLegacySecretAsync(OperatorHarness h, string name, string user, string password, CancellationToken ct) =>
        await h.Secrets.CreateAsync(h.Namespace, new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name },
            Type = "Opaque",
            Data = new Dictionary<string, byte[]> { ["username"] = Encoding.UTF8.GetBytes(user), ["password"] = Encoding.UTF8.GetBytes(password) },
        }, ct);

    private static async Task<string?> SecretValueAsync(OperatorHarness h, string name, string key, CancellationToken ct) =>
        (await h.Secrets.GetAsync(h.Namespace, name, ct))?.Data?.TryGetValue(key, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;

    private static async Task<string?> RestartedAtAsync(OperatorHarness h, string name, CancellationToken ct) =>
        (await h.Admin.For(ResourceTypes.Deployments).GetAsync(h.Namespace, name, ct))?.Spec?.Template?.Metadata?.Annotations?.TryGetValue("rotator.io/restarted-at", out var at) == true ? at : null;
}
