using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Rotator.Api;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Abstractions;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>Alternating users with consumer restarts and the drain gate; an operator killed mid-rotation.</summary>
public sealed class RestartAndResumeTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Alternating_users_flip_restart_the_deployment_and_hold_the_next_rotation_until_it_rolled_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-alt", ct);
        await using var users = new MySqlUsers(testbed.MariaDb);
        const string firstPassword = "Initial-pass-0123456789";
        var user = await users.CreateAsync(firstPassword, ct);
        var server = testbed.MariaDb;
        var admin = await h.CreateAwsSecretAsync("admin",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = server.AdminUser, ["password"] = server.AdminPassword }.ToJsonString(), ct);
        var secretId = await h.CreateAwsSecretAsync("app",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = firstPassword, ["dbname"] = "mysql", ["masterarn"] = admin, ["team"] = "orders" }.ToJsonString(), ct);
        await CreateDeploymentAsync(h, "api", "app", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("app", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, Mysql = new MySqlSpec { Tls = TlsMode.Disabled } },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true, WaitForRollout = true },
        }, ct);
        var initial = await h.WaitAsync("app", OperatorHarness.IsReady, Within, "mirrored", ct);
        initial.Status!.CurrentUsername.Should().Be(user);
        var firstTemplate = await TemplateAnnotationAsync(h, "api", ct);
        firstTemplate.Should().BeNull("the first mirror restarts nothing");

        await RotateNowAsync(h, "app", "first", ct);
        var flipped = await h.WaitAsync("app", r => r.Status?.CurrentUsername == user + "_clone", Within, "user flipped to the clone", ct);
        var current = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct);
        var fields = JsonNode.Parse(current.SecretString!)!.AsObject();
        ((string?)fields["team"]).Should().Be("orders");
        (await users.CanLogInAsync(user + "_clone", (string)fields["password"]!, ct)).Should().BeTrue("AWSCURRENT logs in");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the previous user keeps working while consumers roll over");

        await Eventually.HoldsAsync(async () => await TemplateAnnotationAsync(h, "api", ct) == current.VersionId, Within, "the Deployment's pod template names the new version");
        flipped = await h.WaitAsync("app", r => r.Status?.Restarts?.Any(x => x.Name == "api" && x.VersionId == current.VersionId) == true, Within, "restart recorded", ct);
        OperatorHarness.Condition(flipped, ConditionTypes.RolloutComplete)!.Status.Should().Be("False");
        await Eventually.HoldsAsync(async () => (await ReplicaSetsAsync(h, ct)) >= 2, Within, "the controller manager made a new ReplicaSet");

        // The drain gate: a second rotation now would change the password of the user the old pods still use.
        await RotateNowAsync(h, "app", "second", ct);
        var held = await h.WaitAsync("app", r => OperatorHarness.Condition(r, ConditionTypes.Rotating)?.Reason == StatusReasons.WaitingForRollout, Within, "second rotation held", ct);
        OperatorHarness.Condition(held, ConditionTypes.Rotating)!.Message.Should().Contain("Deployment/api");
        (await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId), ct)).Versions.Should().HaveCount(2, "nothing was started while held");
        (await PendingRolloutsAsync(h)).Should().Be("1", "the RotatorRolloutStuck alert reads the workloads still on the old user");
        (await PropagationsAsync(h, "secret")).Should().Be(1, "the rotation's Secret write is timed from finishSecret");
        (await PropagationsAsync(h, "restart")).Should().Be(1, "and so is the restart patch it caused");

        // Act as the kubelet: the new pods start and become ready, so the rollout completes.
        await Eventually.HoldsAsync(async () => await MarkPodsReadyAsync(h, ct) && await RolledOutAsync(h, "api", ct), Within, "rollout completes");
        var second = await h.WaitAsync("app", r => r.Status?.CurrentUsername == user && r.Status.History?.Count == 2, Within, "second rotation flips back", ct);
        second.Status!.History!.Select(e => e.Result).Should().AllBeEquivalentTo(HistoryResult.Succeeded);
        // The flip back restarted the Deployment again: once its new pods are ready nothing is pending.
        await Eventually.HoldsAsync(async () => await MarkPodsReadyAsync(h, ct) && await PendingRolloutsAsync(h) == "0", Within, "no workload pending once rolled out");
        var back = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct);
        (await users.CanLogInAsync(user, (string)JsonNode.Parse(back.SecretString!)!["password"]!, ct)).Should().BeTrue();
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task Single_user_with_dual_passwords_keeps_the_old_password_until_consumers_rolled_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-dual", ct);
        var server = testbed.MySql;
        await using var users = new MySqlUsers(server);
        const string firstPassword = "Dual-first-pass-0123456";
        var user = await users.CreateAsync(firstPassword, ct, dualPassword: true);
        var secretId = await h.CreateAwsSecretAsync("single",
            new JsonObject { ["engine"] = "mysql", ["host"] = server.Host, ["port"] = server.Port, ["username"] = user, ["password"] = firstPassword }.ToJsonString(), ct);
        await CreateDeploymentAsync(h, "worker", "single", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("single", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, Mysql = new MySqlSpec { Tls = TlsMode.Required, DualPassword = true } },
            RefreshInterval = "10s",
            Restart = new RestartSpec { Discover = true, WaitForRollout = true },
        }, ct);
        await h.WaitAsync("single", OperatorHarness.IsReady, Within, "mirrored", ct);

        await RotateNowAsync(h, "single", "dual", ct);
        await h.WaitAsync("single", r => r.Status?.History?.Count == 1 && r.Status.Restarts?.Count == 1, Within, "rotated and restarted", ct);
        var current = JsonNode.Parse((await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct)).SecretString!)!;
        (await users.CanLogInAsync(user, (string)current["password"]!, ct)).Should().BeTrue();
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeTrue("the old password is retained while the Deployment rolls out");

        await Eventually.HoldsAsync(async () => await MarkPodsReadyAsync(h, ct) && await RolledOutAsync(h, "worker", ct), Within, "rollout completes");
        var discarded = await h.WaitAsync("single", r => r.Status?.RetainedPasswordDiscardedFor == r.Status?.CurrentVersionId && r.Status?.CurrentVersionId is not null, Within, "retained password discarded", ct);
        OperatorHarness.Condition(discarded, ConditionTypes.RolloutComplete)!.Status.Should().Be("True");
        (await users.CanLogInAsync(user, firstPassword, ct)).Should().BeFalse("once consumers rolled out the old password is gone");
        (await users.CanLogInAsync(user, (string)current["password"]!, ct)).Should().BeTrue();
        await h.AssertNothingLeaksAsync([firstPassword, .. await h.AllValuesAsync(secretId, ct)], ct);
    }

    [Fact]
    public async Task An_operator_killed_mid_rotation_resumes_it_once_with_the_same_version()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-crash", ct);
        var secretId = await h.CreateAwsSecretAsync("key", """{"apiKey":"before-the-crash-0000"}""", ct);
        // The first setSecret blocks until the operator is stopped.
        var inSetSecret = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = new SetSecretHook(async token =>
        {
            inSetSecret.TrySetResult();
            await Task.Delay(Timeout.Infinite, token);
        });
        await h.StartAsync(ct, stuck.Register);
        await h.CreateAsync("key", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true, RandomValue = new RandomValueSpec { Field = "apiKey" } },
            RefreshInterval = "10s",
        }, ct);

        await inSetSecret.Task.WaitAsync(Within, ct);
        var checkpoint = (await h.RotatingSecrets.GetAsync(h.Namespace, "key", ct))!.Status!.Rotation;
        checkpoint.Should().NotBeNull("the version id is in the status before AWS is touched");
        var pending = (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages.Single(v => v.Value.Contains(SecretVersionStages.Pending)).Key;
        pending.Should().Be(checkpoint!.VersionId);

        await h.StopAsync(); // the "crash": the worker is cancelled inside setSecret
        await h.StartAsync(ct);

        var done = await h.WaitAsync("key", r => r.Status?.LastRotationTime is not null && OperatorHarness.IsReady(r), Within, "resumed and finished", ct);
        done.Status!.CurrentVersionId.Should().Be(checkpoint.VersionId);
        done.Status.History.Should().ContainSingle().Which.VersionId.Should().Be(checkpoint.VersionId);
        var versions = await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct);
        versions.Versions.Should().HaveCount(2, "the resumed rotation wrote no second version");
        versions.Versions.Should().NotContain(v => v.VersionStages.Contains(SecretVersionStages.Pending));
        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    internal static Task RotateNowAsync(OperatorHarness h, string name, string value, CancellationToken ct) =>
        h.RotatingSecrets.PatchAsync(h.Namespace, name,
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [RequestAnnotations.RotateNow] = value } } }, V1Patch.PatchType.MergePatch, ct);

    internal static async Task CreateDeploymentAsync(OperatorHarness h, string name, string secret, CancellationToken ct)
    {
        var deployment = JsonNode.Parse($$"""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": { "name": "{{name}}" },
              "spec": {
                "replicas": 1,
                "progressDeadlineSeconds": 600,
                "selector": { "matchLabels": { "app": "{{name}}" } },
                "template": {
                  "metadata": { "labels": { "app": "{{name}}" } },
                  "spec": { "containers": [ { "name": "app", "image": "example.invalid/app:1", "envFrom": [ { "secretRef": { "name": "{{secret}}" } } ] } ] }
                }
              }
            }
            """)!;
        await h.Admin.For(ResourceTypes.Deployments).CreateAsync(h.Namespace,
            KubernetesJson.Deserialize<V1Deployment>(deployment.ToJsonString()), ct);
    }

    internal static async Task<string?> TemplateAnnotationAsync(OperatorHarness h, string name, CancellationToken ct)
    {
        var deployment = await h.Admin.For(ResourceTypes.Deployments).GetAsync(h.Namespace, name, ct);
        return deployment?.Spec?.Template?.Metadata?.Annotations?.TryGetValue("rotator.io/restarted-for", out var value) == true ? value : null;
    }

    internal static async Task<int> ReplicaSetsAsync(OperatorHarness h, CancellationToken ct) =>
        (await h.Admin.For(ResourceTypes.ReplicaSets).ListAsync(h.Namespace, null, ct)).Items.Count;

    internal static async Task<bool> RolledOutAsync(OperatorHarness h, string name, CancellationToken ct)
    {
        var status = (await h.Admin.For(ResourceTypes.Deployments).GetAsync(h.Namespace, name, ct))?.Status;
        return status is { UpdatedReplicas: 1, AvailableReplicas: 1, Replicas: 1 };
    }

    /// <summary>What a kubelet would report: every pod that is not terminating runs and is ready.</summary>
    internal static async Task<bool> MarkPodsReadyAsync(OperatorHarness h, CancellationToken ct)
    {
        var pods = h.Admin.For(ResourceTypes.Pods);
        foreach (var pod in (await pods.ListAsync(h.Namespace, null, ct)).Items.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
            var ready = new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now };
            var patch = new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["phase"] = "Running",
                    ["startTime"] = now,
                    ["conditions"] = new JsonArray(ready, new JsonObject { ["type"] = "ContainersReady", ["status"] = "True", ["lastTransitionTime"] = now }),
                },
            };
            try
            {
                await pods.PatchStatusAsync(h.Namespace, pod.Metadata.Name!, patch, V1Patch.PatchType.MergePatch, ct);
            }
            catch (Exception e) when (e is NotFoundException or ConflictException)
            {
                // The ReplicaSet controller scaled this pod away (or changed it) between the list and the patch; the next round lists again.
                return false;
            }
        }

        return true;
    }

    /// <summary>How many rotations reached <paramref name="stage"/> (<c>rotator_propagation_seconds_count</c>).</summary>
    private static async Task<double> PropagationsAsync(OperatorHarness h, string stage)
    {
        var prefix = $"rotator_propagation_seconds_count{{stage=\"{stage}\"}} ";
        var line = (await h.Operator.GetAsync("/metrics")).Body.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The value of <c>rotator_rollout_pending_workloads</c> for the resource "app", or null when absent.</summary>
    private static async Task<string?> PendingRolloutsAsync(OperatorHarness h)
    {
        var prefix = "rotator_rollout_pending_workloads{";
        var line = (await h.Operator.GetAsync("/metrics")).Body.Split('\n')
            .FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal) && l.Contains($"namespace=\"{h.Namespace}\"", StringComparison.Ordinal) && l.Contains("name=\"app\"", StringComparison.Ordinal));
        return line?[(line.LastIndexOf(' ') + 1)..];
    }
}
