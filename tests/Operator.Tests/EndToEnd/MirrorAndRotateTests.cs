using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.Operator.Controllers.Mirroring;
using Rotator.Operator.Controllers.RotatingSecrets;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Rotation.Aws.SecretsManager;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.EndToEnd;

/// <summary>The operator end to end: RotatingSecrets applied through the API, AWS in moto, the Secret read back.</summary>
public sealed class MirrorAndRotateTests(TestbedFixture testbed)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RandomValue_rotates_on_create_and_mirrors_the_new_value_with_status_and_events()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-rv", ct);
        var secretId = await h.CreateAwsSecretAsync("api", """{"apiKey":"initial-key-0123456789","owner":"team-a"}""", ct);
        await h.StartAsync(ct);

        await h.CreateAsync("api", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, RotateOnCreate = true, RandomValue = new RandomValueSpec { Field = "apiKey" } },
            RefreshInterval = "10s",
        }, ct);

        var done = await h.WaitAsync("api", r => OperatorHarness.IsReady(r) && r.Status?.LastRotationTime is not null, Within, "rotated and mirrored", ct);
        var current = await h.Aws.GetSecretValueAsync(secretId, SecretVersionSelector.Current, ct);
        var fields = JsonNode.Parse(current.SecretString!)!.AsObject();
        ((string?)fields["apiKey"]).Should().NotBe("initial-key-0123456789");
        ((string?)fields["owner"]).Should().Be("team-a", "fields the strategy does not own are kept");

        var secret = await h.Secrets.GetAsync(h.Namespace, "api", ct);
        secret.Should().NotBeNull();
        Encoding.UTF8.GetString(secret!.Data!["apiKey"]).Should().Be((string?)fields["apiKey"]);
        secret.Metadata.Labels.Should().Contain("app.kubernetes.io/managed-by", "rotator");
        secret.Metadata.OwnerReferences.Should().ContainSingle(o => o.Uid == done.Metadata.Uid && o.Controller == true);

        var status = done.Status!;
        status.CurrentVersionId.Should().Be(current.VersionId);
        status.ObservedGeneration.Should().Be(done.Metadata.Generation);
        status.Rotation.Should().BeNull("no rotation is in flight");
        status.History.Should().ContainSingle().Which.Should().Match<RotationHistoryEntry>(e => e.VersionId == current.VersionId && e.Result == HistoryResult.Succeeded);
        OperatorHarness.Condition(done, ConditionTypes.Rotating)!.Status.Should().Be("False");

        string[] expected = [StatusReasons.RotationStarted, StatusReasons.Rotated, StatusReasons.SecretCreated, "StepSucceeded"];
        await Eventually.HoldsAsync(async () => expected.All((await h.EventsAsync(ct)).Select(e => e.Reason).Contains), TimeSpan.FromSeconds(15), "events for each step");

        var metrics = (await h.Operator.GetAsync("/metrics")).Body.Split('\n');
        metrics.Should().Contain(l => l.StartsWith("rotator_rotations_total{", StringComparison.Ordinal)
            && l.Contains("strategy=\"RandomValue\"", StringComparison.Ordinal) && l.Contains("result=\"Succeeded\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        metrics.Should().Contain(l => l.StartsWith("rotator_secret_age_seconds{", StringComparison.Ordinal) && l.Contains($"namespace=\"{h.Namespace}\"", StringComparison.Ordinal));
        metrics.Should().Contain(l => l.StartsWith("rotator_aws_calls_total{", StringComparison.Ordinal) && l.Contains("operation=\"PutSecretValue\"", StringComparison.Ordinal));

        var versions = await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId), ct);
        versions.Versions.Should().HaveCount(2, "one new version per rotation");
        versions.Versions.Should().NotContain(v => v.VersionStages.Contains(SecretVersionStages.Pending), "finishSecret removes AWSPENDING");

        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    [Fact]
    public async Task Idle_refreshes_write_nothing_and_changes_made_elsewhere_are_mirrored_within_the_refresh_interval()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-drift", ct);
        var secretId = await h.CreateAwsSecretAsync("db", """{"username":"app","password":"first-password-123456"}""", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("db", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.None },
            Target = new TargetSpec { Keys = new Dictionary<string, string> { ["username"] = "DB_USER", ["password"] = "DB_PASSWORD" } },
            RefreshInterval = "10s",
        }, ct);
        var ready = await h.WaitAsync("db", OperatorHarness.IsReady, Within, "mirrored", ct);
        ready.Status!.CurrentUsername.Should().Be("app");
        var secret = (await h.Secrets.GetAsync(h.Namespace, "db", ct))!;
        secret.Data!.Keys.Should().BeEquivalentTo(["DB_USER", "DB_PASSWORD"]);

        // Two refresh intervals with nothing changed: neither the Secret nor the resource is written.
        await Task.Delay(TimeSpan.FromSeconds(23), ct);
        (await h.Secrets.GetAsync(h.Namespace, "db", ct))!.Metadata.ResourceVersion.Should().Be(secret.Metadata.ResourceVersion);
        (await h.RotatingSecrets.GetAsync(h.Namespace, "db", ct))!.Metadata.ResourceVersion.Should().Be(ready.Metadata.ResourceVersion);

        // Out of band: someone runs put-secret-value.
        var put = await h.Aws.PutSecretValueAsync(secretId, SecretPayload.FromString("""{"username":"app","password":"second-password-654321"}"""), null, Guid.NewGuid().ToString(), ct);
        await h.WaitAsync("db", r => r.Status?.CurrentVersionId == put.VersionId, TimeSpan.FromSeconds(30), "the new AWSCURRENT mirrored within refreshInterval", ct);
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "db", ct))!.Data!["DB_PASSWORD"]).Should().Be("second-password-654321");
        // Events are batched by the recorder, so they may land a moment after the status.
        await Eventually.HoldsAsync(async () => (await h.EventsAsync(ct)).Any(e => e.Reason == StatusReasons.ChangedOutside), TimeSpan.FromSeconds(15), "ChangedOutside event");

        // A hand edit of the mirrored Secret is repaired.
        var edited = (await h.Secrets.GetAsync(h.Namespace, "db", ct))!;
        edited.Data!["DB_PASSWORD"] = Encoding.UTF8.GetBytes("hand-edited");
        await h.Secrets.ReplaceAsync(h.Namespace, edited, ct);
        await Eventually.HoldsAsync(
            async () => Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "db", ct))!.Data!["DB_PASSWORD"]) == "second-password-654321",
            TimeSpan.FromSeconds(30), "hand edit repaired");

        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    [Fact]
    public async Task Rotate_now_rotates_once_per_annotation_value()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-now", ct);
        var secretId = await h.CreateAwsSecretAsync("token", "plain-token-value-000000", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("token", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue },
            RefreshInterval = "10s",
        }, ct);
        var first = await h.WaitAsync("token", OperatorHarness.IsReady, Within, "mirrored", ct);
        first.Status!.History.Should().BeNullOrEmpty("no schedule, no rotateOnCreate: nothing rotates by itself");

        await Annotate(h, "token", "2026-11-22T10:00", ct);
        var rotated = await h.WaitAsync("token", r => r.Status?.History?.Count == 1 && OperatorHarness.IsReady(r) && r.Status.CurrentVersionId != first.Status.CurrentVersionId, Within, "rotated once", ct);
        rotated.Status!.HandledRotateNow.Should().Be("2026-11-22T10:00");
        var mirrored = (await h.Secrets.GetAsync(h.Namespace, "token", ct))!;
        Encoding.UTF8.GetString(mirrored.Data![SecretDataRenderer.WholeValueKey]).Should().NotBe("plain-token-value-000000", "a non-JSON secret is regenerated and mirrored whole under 'value'");

        // The same value again (kubectl apply of the same manifest, an Argo CD sync) does not rotate again.
        await Annotate(h, "token", "2026-11-22T10:00", ct, touch: true);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        (await h.RotatingSecrets.GetAsync(h.Namespace, "token", ct))!.Status!.History.Should().HaveCount(1);

        await Annotate(h, "token", "2026-11-22T11:00", ct);
        await h.WaitAsync("token", r => r.Status?.History?.Count == 2 && r.Status.Rotation is null, Within, "a new value rotates again", ct);
        (await h.Aws.ListSecretVersionIdsAsync(new SecretVersionsQuery(secretId) { IncludeDeprecated = true }, ct)).Versions.Should().HaveCount(3);
        await h.AssertNothingLeaksAsync(await h.AllValuesAsync(secretId, ct), ct);
    }

    [Fact]
    public async Task AwsManaged_calls_RotateSecret_waits_for_AWS_and_mirrors_what_AWS_made_current()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-managed", ct);
        var secretId = await h.CreateAwsSecretAsync("managed", """{"password":"managed-before-0000"}""", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("managed", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.AwsManaged },
            RefreshInterval = "10s",
        }, ct, new Dictionary<string, string> { [RequestAnnotations.RotateNow] = "now" });

        // moto runs no rotation Lambda: play it once the operator's RotateSecret created the pending version.
        var started = await h.WaitAsync("managed", r => r.Status?.Rotation?.VersionId is not null, Within, "rotation started", ct);
        var token = started.Status!.Rotation!.VersionId!;
        await Eventually.HoldsAsync(async () => (await h.Aws.DescribeSecretAsync(secretId, ct)).VersionIdsToStages.ContainsKey(token), Within, "RotateSecret called with the status' version id");
        var lambda = await h.Aws.PutSecretValueAsync(secretId, SecretPayload.FromString("""{"password":"managed-after-1111"}"""), null, Guid.NewGuid().ToString(), ct);

        var done = await h.WaitAsync("managed", r => r.Status?.CurrentVersionId == lambda.VersionId && r.Status.Rotation is null, Within, "AWS's new version mirrored", ct);
        done.Status!.History.Should().ContainSingle().Which.Result.Should().Be(HistoryResult.Succeeded);
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "managed", ct))!.Data!["password"]).Should().Be("managed-after-1111");
        await h.AssertNothingLeaksAsync(["managed-before-0000", "managed-after-1111"], ct);
    }

    [Fact]
    public async Task An_existing_Secret_the_operator_does_not_own_is_left_alone_until_adopted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-own", ct);
        var secretId = await h.CreateAwsSecretAsync("svc", """{"password":"aws-value-abcdefgh"}""", ct);
        var theirs = await h.Secrets.CreateAsync(h.Namespace, new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "svc" },
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes("someone-elses") },
        }, ct);
        await h.StartAsync(ct);
        await h.CreateAsync("svc", new RotatingSecretSpec { SecretId = secretId, Rotation = new RotationSpec { Strategy = RotationStrategy.None }, RefreshInterval = "10s" }, ct);

        var refused = await h.WaitAsync("svc", r => OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason == StatusReasons.SecretNotOwned, Within, "not owned reported", ct);
        OperatorHarness.Condition(refused, ConditionTypes.Ready)!.Message.Should().Contain("adopt");
        var untouched = (await h.Secrets.GetAsync(h.Namespace, "svc", ct))!;
        untouched.Metadata.ResourceVersion.Should().Be(theirs.Metadata.ResourceVersion);

        await h.RotatingSecrets.PatchAsync(h.Namespace, "svc", JsonNode.Parse("""{"spec":{"target":{"adopt":true}}}""")!, V1Patch.PatchType.MergePatch, ct);
        await h.WaitAsync("svc", OperatorHarness.IsReady, Within, "adopted", ct);
        Encoding.UTF8.GetString((await h.Secrets.GetAsync(h.Namespace, "svc", ct))!.Data!["password"]).Should().Be("aws-value-abcdefgh");
    }

    [Fact]
    public async Task A_secret_outside_the_namespace_policy_is_refused_without_any_AWS_call()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-tenant", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("other", new RotatingSecretSpec { SecretId = "another-team/db", Rotation = new RotationSpec { Strategy = RotationStrategy.None } }, ct);

        var refused = await h.WaitAsync("other", r => OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason == StatusReasons.NotAllowed, Within, "NotAllowed", ct);
        OperatorHarness.Condition(refused, ConditionTypes.Ready)!.Message.Should().Contain("another-team/db").And.Contain($"{h.Namespace}/*");
        (await h.Secrets.GetAsync(h.Namespace, "other", ct)).Should().BeNull("nothing is written");
        h.Logs.Lines.Should().NotContain(l => l.Contains("DescribeSecret", StringComparison.Ordinal) && l.Contains("another-team", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_secret_json_is_reported_without_the_value()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-bad", ct);
        const string broken = "{\"username\":\"app\",\"password\":\"leaky-canary-998877\"";
        var secretId = await h.CreateAwsSecretAsync("broken", broken, ct);
        await h.StartAsync(ct);
        await h.CreateAsync("broken", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.None },
            Target = new TargetSpec { Keys = new Dictionary<string, string> { ["password"] = "PASSWORD" } },
        }, ct);

        var failed = await h.WaitAsync("broken", r => OperatorHarness.Condition(r, ConditionTypes.Ready) is { Status: "False", Reason: not StatusReasons.Mirrored }, Within, "Ready=False", ct);
        OperatorHarness.Condition(failed, ConditionTypes.Ready)!.Reason.Should().Be("SecretNotJson");
        (await h.Secrets.GetAsync(h.Namespace, "broken", ct)).Should().BeNull();
        await h.AssertNothingLeaksAsync([broken, "leaky-canary-998877"], ct);
    }

    [Fact]
    public async Task A_spec_the_schema_cannot_judge_is_reported_with_the_field_at_fault()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-spec", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("bad", new RotatingSecretSpec
        {
            SecretId = h.SecretName("x"),
            Rotation = new RotationSpec { Strategy = RotationStrategy.RandomValue, Schedule = "cron(0 10 * * ? *)", Password = new PasswordSpec { Length = 4, ExcludeNumbers = true, ExcludePunctuation = true, ExcludeUppercase = true, ExcludeLowercase = true } },
        }, ct);

        var invalid = await h.WaitAsync("bad", r => OperatorHarness.Condition(r, ConditionTypes.Ready)?.Reason == StatusReasons.InvalidSpec, Within, "InvalidSpec", ct);
        OperatorHarness.Condition(invalid, ConditionTypes.Ready)!.Message.Should().StartWith("spec.rotation.password");
    }

    [Theory]
    [InlineData(DeletionPolicy.Delete)]
    [InlineData(DeletionPolicy.Retain)]
    public async Task Deleting_the_resource_applies_the_deletion_policy_and_never_deletes_the_AWS_secret(DeletionPolicy policy)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OperatorHarness.CreateAsync(testbed, "e2e-del", ct);
        var secretId = await h.CreateAwsSecretAsync("gone", """{"password":"deletion-test-value"}""", ct);
        await h.StartAsync(ct);
        await h.CreateAsync("gone", new RotatingSecretSpec
        {
            SecretId = secretId,
            Rotation = new RotationSpec { Strategy = RotationStrategy.None },
            Target = new TargetSpec { DeletionPolicy = policy },
        }, ct);
        var ready = await h.WaitAsync("gone", OperatorHarness.IsReady, Within, "mirrored", ct);
        ready.Metadata.Finalizers.Should().Contain(DeletionHandler.Finalizer);

        await h.RotatingSecrets.DeleteAsync(h.Namespace, "gone", ct);
        await Eventually.HoldsAsync(async () => await h.RotatingSecrets.GetAsync(h.Namespace, "gone", ct) is null, Within, "finalizer released");
        if (policy == DeletionPolicy.Delete)
        {
            await Eventually.HoldsAsync(async () => await h.Secrets.GetAsync(h.Namespace, "gone", ct) is null, Within, "Secret deleted");
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var kept = await h.Secrets.GetAsync(h.Namespace, "gone", ct);
            kept.Should().NotBeNull("Retain keeps the Secret, and garbage collection must not take it either");
            (kept!.Metadata.OwnerReferences ?? []).Should().NotContain(o => o.Uid == ready.Metadata.Uid);
        }

        (await h.Aws.DescribeSecretAsync(secretId, ct)).DeletedDate.Should().BeNull("the AWS secret is never deleted");
    }

    private static async Task Annotate(OperatorHarness h, string name, string value, CancellationToken ct, bool touch = false)
    {
        // touch: also change another annotation, so the object really changes while rotate-now keeps its value.
        var annotations = new JsonObject { [RequestAnnotations.RotateNow] = value };
        if (touch)
        {
            annotations["example.com/touched"] = Guid.NewGuid().ToString();
        }

        await h.RotatingSecrets.PatchAsync(h.Namespace, name, new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } }, V1Patch.PatchType.MergePatch, ct);
    }
}
