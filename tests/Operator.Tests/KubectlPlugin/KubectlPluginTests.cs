using System.Reflection;
using System.Text.Json.Nodes;
using FluentAssertions;
using k8s;
using k8s.Models;
using Rotator.KubectlPlugin;
using Rotator.Operator.Controllers.RotatingSecrets;
using Rotator.Operator.Kubernetes;
using Rotator.Operator.Kubernetes.Errors;
using Rotator.Operator.Resources;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Rotation.Engine;
using Rotator.Rotation.Strategies;
using Rotator.Rotation.Strategies.DirectoryService;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.KubectlPlugin;

/// <summary>
/// <c>kubectl rotator</c> run in process against the test bed's API server: RotatingSecrets with
/// statuses written through the status subresource, as the operator would; no operator runs.
/// </summary>
public sealed class KubectlPluginTests(TestbedFixture testbed)
{
    [Fact]
    public async Task List_shows_a_table_and_json()
    {
        var ns = await SeedAsync();

        var (code, output, err) = await RunAsync("list", "-n", ns);

        code.Should().Be(ExitCodes.Ok, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^NAME\s+STRATEGY\s+USER\s+READY\s+LAST ROTATION\s+NEXT ROTATION\s+ROLLOUT$");
        lines.Should().HaveCount(3);
        lines[1].Should().MatchRegex(@"^broken\s+None\s+-\s+False\s+-\s+-\s+-$");
        lines[2].Should().MatchRegex(@"^orders-db\s+MySQLAlternatingUsers\s+orders_clone\s+True\s+3h\s+in (47h|2d)\s+RolledOut$");

        var (allCode, all, _) = await RunAsync("list", "-A");
        allCode.Should().Be(ExitCodes.Ok);
        all.Should().StartWith("NAMESPACE").And.MatchRegex($@"(?m)^{ns}\s+orders-db\s+");

        var (jsonCode, json, _) = await RunAsync("list", "-n", ns, "-o", "json");
        jsonCode.Should().Be(ExitCodes.Ok);
        var items = JsonNode.Parse(json)!["items"]!.AsArray();
        items.Select(i => (string?)i!["metadata"]!["name"]).Should().Equal("broken", "orders-db");
        ((string?)items[1]!["status"]!["currentUsername"]).Should().Be("orders_clone");
    }

    [Fact]
    public async Task Status_explains_conditions_and_exits_by_readiness()
    {
        var ns = await SeedAsync();

        var (readyCode, ready, _) = await RunAsync("status", "orders-db", "-n", ns);
        readyCode.Should().Be(ExitCodes.Ok);
        ready.Should().Contain("Current version:  v-2").And.Contain("User:             orders_clone")
            .And.Contain("Ready True (Mirrored").And.Contain("RolloutComplete True (RolledOut")
            .And.Contain("Deployment/orders-api for version v-2");

        var (brokenCode, broken, _) = await RunAsync("status", "broken", "-n", ns);
        brokenCode.Should().Be(ExitCodes.NotReady);
        broken.Should().Contain("Ready False (SecretNotFound").And.Contain("check spec.secretId and the IAM policy")
            .And.Contain("Rotation in flight: version v-3, step setSecret, attempts 4").And.Contain("Last error: database unreachable");

        var (yamlCode, yaml, _) = await RunAsync("status", "orders-db", "-n", ns, "-o", "yaml");
        yamlCode.Should().Be(ExitCodes.Ok);
        yaml.Should().Contain("kind: RotatingSecret").And.Contain("  currentUsername: orders_clone").And.Contain("  - type: Ready");
    }

    [Fact]
    public async Task Status_shows_a_rollback_in_flight_with_its_last_error()
    {
        var ns = await SeedAsync();
        var ct = TestContext.Current.CancellationToken;
        using var client = TestClients.Admin(testbed.Kube);
        await client.For(RotatingSecretResource.Type).PatchStatusAsync(ns, "orders-db", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["rollback"] = new JsonObject
                {
                    ["requested"] = "undo", ["fromVersionId"] = "v-2", ["toVersionId"] = "v-1", ["attempts"] = 2,
                    ["startedAt"] = DateTimeOffset.UtcNow.AddMinutes(-3).ToString("o"), ["lastError"] = "rollback failed (TargetUnreachable): database unreachable",
                },
            },
        }, V1Patch.PatchType.MergePatch, ct);

        var (_, output, _) = await RunAsync("status", "orders-db", "-n", ns);

        output.Should().Contain("Rollback in flight: from version v-2 to v-1, attempts 2").And.Contain("Last error: rollback failed (TargetUnreachable)");
    }

    [Fact]
    public async Task History_lists_rotations()
    {
        var ns = await SeedAsync();

        var (code, output, _) = await RunAsync("history", "orders-db", "-n", ns);

        code.Should().Be(ExitCodes.Ok);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex(@"^VERSION\s+STARTED\s+FINISHED\s+RESULT\s+USER$");
        lines[1].Should().MatchRegex(@"^v-2\s+\S+Z\s+\S+Z\s+Succeeded\s+orders_clone$");
        lines[2].Should().MatchRegex(@"^v-1\s+\S+Z\s+\S+Z\s+Failed\s+orders$");

        var (jsonCode, json, _) = await RunAsync("history", "orders-db", "-n", ns, "-o", "json");
        jsonCode.Should().Be(ExitCodes.Ok);
        JsonNode.Parse(json)!.AsArray().Select(e => (string?)e!["result"]).Should().Equal("Succeeded", "Failed");
    }

    [Fact]
    public async Task Missing_resources_usage_errors_and_forbidden_have_their_exit_codes()
    {
        var ns = await SeedAsync();

        (await RunAsync("status", "absent", "-n", ns)).Code.Should().Be(ExitCodes.NotFound);
        (await RunAsync("rotate", "absent", "-n", ns)).Code.Should().Be(ExitCodes.NotFound);
        (await RunAsync("status")).Code.Should().Be(ExitCodes.Usage);
        (await RunAsync("list", "--bogus")).Code.Should().Be(ExitCodes.Usage);
        (await RunAsync("list", "-o", "xml")).Code.Should().Be(ExitCodes.Usage);
        (await RunAsync("rotate", "orders-db", "--timeout", "soon")).Code.Should().Be(ExitCodes.Usage);

        var forbidden = await PluginRun.RunAsync(testbed.Kube.UserKubeconfig, "list", "-n", ns);
        forbidden.Code.Should().Be(ExitCodes.Unreachable);
        forbidden.Error.Should().Contain("Forbidden");
    }

    [Fact]
    public async Task Rotate_sets_a_new_annotation_and_wait_times_out_without_an_operator()
    {
        var ns = await SeedAsync();

        var (code, output, _) = await RunAsync("rotate", "orders-db", "-n", ns);
        code.Should().Be(ExitCodes.Ok);
        var first = await AnnotationAsync(ns);
        first.Should().NotBeNullOrEmpty();
        output.Should().Contain($"{RotationTrigger.RotateNowAnnotation}={first}");

        var (waitCode, waited, error) = await RunAsync("rotate", "orders-db", "-n", ns, "--wait", "--timeout", "2s", "-o", "json");
        waitCode.Should().Be(ExitCodes.Timeout);
        error.Should().Contain("timed out");
        var second = await AnnotationAsync(ns);
        second.Should().NotBe(first, "every request is a new value, or the operator would not act on it");
        ((string?)JsonNode.Parse(waited)!["outcome"]).Should().Be("Timeout");
        ((string?)JsonNode.Parse(waited)!["requested"]).Should().Be(second);
    }

    [Theory]
    [InlineData("Succeeded", ExitCodes.Ok)]
    [InlineData("Failed", ExitCodes.NotReady)]
    public async Task Rotate_wait_reports_the_outcome_the_operator_recorded(string result, int expected)
    {
        var ns = await SeedAsync();
        var ct = TestContext.Current.CancellationToken;

        // Stands in for the operator: once the request appears, it records the rotation as handled.
        var operatorStandIn = Task.Run(async () =>
        {
            using var client = TestClients.Admin(testbed.Kube);
            var resources = client.For(RotatingSecretResource.Type);
            string? requested = null;
            while (requested is null || requested.Length == 0)
            {
                await Task.Delay(200, ct);
                requested = await AnnotationAsync(ns);
            }

            await resources.PatchStatusAsync(ns, "orders-db", new JsonObject
            {
                ["status"] = new JsonObject
                {
                    ["handledRotateNow"] = requested,
                    ["conditions"] = new JsonArray(
                        Condition(ConditionTypes.Ready, result == "Succeeded" ? "True" : "False", result == "Succeeded" ? StatusReasons.Mirrored : StatusReasons.RotationFailed, "rotation ended", DateTimeOffset.UtcNow),
                        Condition(ConditionTypes.Rotating, "False", StatusReasons.Rotated, "rotation ended", DateTimeOffset.UtcNow)),
                    ["history"] = new JsonArray(History("v-9", "orders", result, DateTimeOffset.UtcNow)),
                },
            }, V1Patch.PatchType.MergePatch, ct);
        }, ct);

        var (code, output, error) = await RunAsync("rotate", "orders-db", "-n", ns, "--wait", "--timeout", "30s");
        await operatorStandIn;

        code.Should().Be(expected, error);
        output.Should().Contain($"rotation of {ns}/orders-db {result.ToLowerInvariant()}: version v-9, user orders");
    }

    [Theory]
    [InlineData(true, ExitCodes.Ok)]
    [InlineData(false, ExitCodes.NotReady)]
    public async Task Rollback_sets_its_annotation_and_wait_reports_the_outcome(bool rolledBack, int expected)
    {
        var ns = await SeedAsync();
        var ct = TestContext.Current.CancellationToken;

        // Stands in for the operator: once the request appears, it records the rollback as done or refused.
        var operatorStandIn = Task.Run(async () =>
        {
            using var client = TestClients.Admin(testbed.Kube);
            string? requested = null;
            while (requested is null || requested.Length == 0)
            {
                await Task.Delay(200, ct);
                requested = await AnnotationAsync(ns, RollbackTrigger.Annotation);
            }

            var now = DateTimeOffset.UtcNow;
            var status = new JsonObject
            {
                ["handledRollback"] = requested,
                ["conditions"] = new JsonArray(
                    Condition(ConditionTypes.Ready, "True", StatusReasons.Mirrored, "mirrored", now),
                    rolledBack
                        ? Condition(ConditionTypes.Rotating, "False", StatusReasons.RolledBack, "AWSCURRENT moved back from v-9 to v-8", now)
                        : Condition(ConditionTypes.Rotating, "False", StatusReasons.RollbackRefused, "secret has no AWSPREVIOUS version to roll back to (NoPreviousVersion); nothing was changed", now)),
            };
            if (rolledBack)
            {
                status["history"] = new JsonArray(History("v-8", "orders", "Reverted", now), History("v-9", "orders", "Succeeded", now.AddMinutes(-5)));
            }

            await client.For(RotatingSecretResource.Type).PatchStatusAsync(ns, "orders-db", new JsonObject { ["status"] = status }, V1Patch.PatchType.MergePatch, ct);
        }, ct);

        var (code, output, error) = await RunAsync("rollback", "orders-db", "-n", ns, "--wait", "--timeout", "30s");
        await operatorStandIn;

        code.Should().Be(expected, error);
        (await AnnotationAsync(ns, RotationTrigger.RotateNowAnnotation)).Should().BeNull("a rollback is not a rotation request");
        output.Should().Contain(rolledBack ? $"rolled back {ns}/orders-db: version v-8 is AWSCURRENT again" : "NoPreviousVersion");
    }

    [Fact]
    public void Every_status_reason_has_an_explanation()
    {
        var reasons = typeof(StatusReasons).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);

        ReasonExplanations.All.Keys.Should().BeEquivalentTo(reasons);
    }

    [Fact]
    public void Every_database_refusal_code_has_an_explanation_that_status_shows()
    {
        var codes = typeof(DatabaseRotationReasons).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();

        DatabaseReasonExplanations.All.Keys.Should().BeEquivalentTo(codes);
        codes.Should().OnlyContain(c => ReasonExplanations.Explain(c) == DatabaseReasonExplanations.All[c], "a refusal code on Rotating is explained by `kubectl rotator status`");
        DatabaseReasonExplanations.All.Values.Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Every_code_the_engine_and_the_strategies_can_put_on_the_resource_is_explained_once()
    {
        Type[] sources = [typeof(RotationReasons), typeof(DatabaseRotationReasons), typeof(DirectoryServiceRotationReasons), typeof(RandomValueStrategy), typeof(StatusReasons)];
        var codes = sources.SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct()
            .ToList();

        codes.Should().HaveCountGreaterThan(80, "the reflection found the constants");
        codes.Where(c => ReasonExplanations.Explain(c).StartsWith("a reason this plugin does not know", StringComparison.Ordinal)).Should().BeEmpty();
        ReasonExplanations.All.Keys.Concat(DatabaseReasonExplanations.All.Keys).Concat(StrategyReasonExplanations.All.Keys)
            .Should().OnlyHaveUniqueItems("one code, one explanation");
    }

    [Fact]
    public async Task Help_documents_the_exit_codes()
    {
        var output = new StringWriter();
        var code = await PluginCli.RunAsync(["--help"], output, new StringWriter(), TimeProvider.System, TestContext.Current.CancellationToken);

        code.Should().Be(ExitCodes.Ok);
        output.ToString().Should().Contain("2 usage error").And.Contain("5 timeout").And.Contain("rotate").And.Contain("rollback");
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => PluginRun.RunAsync(testbed.Kube.AdminKubeconfig, args);

    private Task<string?> AnnotationAsync(string ns, string annotation = RotationTrigger.RotateNowAnnotation) => PluginRun.AnnotationAsync(testbed.Kube, ns, "orders-db", annotation);

    /// <summary>A namespace with a Ready RotatingSecret (with history and restarts) and a broken one mid-rotation.</summary>
    private async Task<string> SeedAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await CrdInstaller.EnsureAsync(testbed.Kube, ct);
        using var client = TestClients.Admin(testbed.Kube);
        var ns = TestClients.UniqueName("plugin");
        await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, ct);
        var resources = client.For(RotatingSecretResource.Type);
        var now = DateTimeOffset.UtcNow;

        await resources.CreateAsync(ns, new RotatingSecret
        {
            Metadata = new V1ObjectMeta { Name = "orders-db" },
            Spec = new RotatingSecretSpec
            {
                SecretId = $"{ns}/orders-db",
                Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLAlternatingUsers, Schedule = "rate(7 days)" },
            },
        }, ct);
        await resources.PatchStatusAsync(ns, "orders-db", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["currentVersionId"] = "v-2",
                ["currentUsername"] = "orders_clone",
                ["lastRotationTime"] = Time(now.AddHours(-3).AddMinutes(-5)),
                ["nextRotationTime"] = Time(now.AddDays(2).AddMinutes(-5)),
                ["conditions"] = new JsonArray(
                    Condition(ConditionTypes.Ready, "True", StatusReasons.Mirrored, "Secret orders-db holds version v-2", now),
                    Condition(ConditionTypes.Rotating, "False", StatusReasons.Idle, "next rotation by schedule", now),
                    Condition(ConditionTypes.RolloutComplete, "True", StatusReasons.RolledOut, "1 workload rolled out", now)),
                ["history"] = new JsonArray(
                    History("v-2", "orders_clone", "Succeeded", now.AddHours(-3)),
                    History("v-1", "orders", "Failed", now.AddDays(-7))),
                ["restarts"] = new JsonArray(new JsonObject
                {
                    ["kind"] = "Deployment", ["name"] = "orders-api", ["versionId"] = "v-2", ["restartedAt"] = Time(now.AddHours(-3)), ["rolledOut"] = true,
                }),
            },
        }, V1Patch.PatchType.MergePatch, ct);

        await resources.CreateAsync(ns, new RotatingSecret
        {
            Metadata = new V1ObjectMeta { Name = "broken" },
            Spec = new RotatingSecretSpec { SecretId = $"{ns}/missing", Rotation = new RotationSpec { Strategy = RotationStrategy.None } },
        }, ct);
        await resources.PatchStatusAsync(ns, "broken", new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(Condition(ConditionTypes.Ready, "False", StatusReasons.SecretNotFound, "no secret named missing", now)),
                ["rotation"] = new JsonObject { ["versionId"] = "v-3", ["step"] = "setSecret", ["attempts"] = 4, ["lastError"] = "database unreachable", ["startedAt"] = Time(now.AddMinutes(-10)) },
            },
        }, V1Patch.PatchType.MergePatch, ct);
        return ns;
    }

    private static JsonObject Condition(string type, string status, string reason, string message, DateTimeOffset at) => new()
    {
        ["type"] = type, ["status"] = status, ["reason"] = reason, ["message"] = message, ["lastTransitionTime"] = Time(at),
    };

    private static JsonObject History(string version, string user, string result, DateTimeOffset finished) => new()
    {
        ["versionId"] = version, ["username"] = user, ["result"] = result, ["startedAt"] = Time(finished.AddMinutes(-2)), ["finishedAt"] = Time(finished),
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
