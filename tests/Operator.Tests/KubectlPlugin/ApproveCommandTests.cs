using System.Text.Json.Nodes;
using FluentAssertions;
using Rotator.Api;
using Rotator.KubectlPlugin;
using k8s;
using k8s.Models;
using Rotator.Kubernetes;
using Rotator.Kubernetes.Errors;
using Rotator.Operator.Tests.Kubernetes;
using Rotator.Testbed;

namespace Rotator.Operator.Tests.KubectlPlugin;

/// <summary>
/// <c>kubectl rotator approve</c> against the test bed's API server, with statuses written as the operator would
/// (one resource awaiting approval, one idle); no operator runs.
/// </summary>
public sealed class ApproveCommandTests(TestbedFixture testbed)
{
    private const string PendingVersion = "0b6e9a8c-5d1f-4c2e-9f3a-7e4d2c1b0a99";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approve_names_the_version_awaiting_approval_and_refuses_when_none_is()
    {
        var ns = await SeedAsync();

        var (code, output, error) = await RunAsync("approve", "held", "-n", ns);

        code.Should().Be(ExitCodes.Ok, error);
        output.Should().Contain($"rotation {PendingVersion} of {ns}/held approved: {RequestAnnotations.Approve}={PendingVersion}");
        (await ApprovalAsync(ns, "held")).Should().Be(PendingVersion);

        var (idleCode, _, idleError) = await RunAsync("approve", "idle", "-n", ns);
        idleCode.Should().Be(ExitCodes.NotReady);
        idleError.Should().Contain("has no rotation awaiting approval (Rotating: Idle)");
        (await ApprovalAsync(ns, "idle")).Should().BeNull("nothing is written when nothing awaits approval");

        (await RunAsync("approve", "absent", "-n", ns)).Code.Should().Be(ExitCodes.NotFound);
        (await RunAsync("approve", "-n", ns)).Code.Should().Be(ExitCodes.Usage);
    }

    [Fact]
    public async Task A_version_that_is_not_the_pending_one_is_written_but_reported_as_approving_nothing()
    {
        var ns = await SeedAsync();

        var (code, output, error) = await RunAsync("approve", "held", "-n", ns, "--version", "v-stale", "-o", "json");

        code.Should().Be(ExitCodes.NotReady);
        error.Should().Contain($"the version awaiting approval is {PendingVersion}: the operator ignores this approval");
        var result = JsonNode.Parse(output)!;
        ((string?)result["outcome"]).Should().Be("Ignored");
        ((string?)result["requested"]).Should().Be("v-stale");
        (await ApprovalAsync(ns, "held")).Should().Be("v-stale");

        var (rightCode, _, rightError) = await RunAsync("approve", "held", "-n", ns, "--version", PendingVersion);
        rightCode.Should().Be(ExitCodes.Ok, rightError);
        (await ApprovalAsync(ns, "held")).Should().Be(PendingVersion);
    }

    [Theory]
    [InlineData("Succeeded", ExitCodes.Ok)]
    [InlineData("Failed", ExitCodes.NotReady)]
    public async Task Approve_wait_reports_how_the_approved_rotation_ended(string result, int expected)
    {
        var ns = await SeedAsync();

        // Stands in for the operator: once approved, the rotation ends and its history entry says how.
        var operatorStandIn = Task.Run(async () =>
        {
            while (await ApprovalAsync(ns, "held") != PendingVersion)
            {
                await Task.Delay(200, Ct);
            }

            using var client = TestClients.Admin(testbed.Kube);
            var patch = new JsonArray(
                new JsonObject { ["op"] = "remove", ["path"] = "/status/rotation" },
                new JsonObject
                {
                    ["op"] = "add", ["path"] = "/status/history",
                    ["value"] = new JsonArray(new JsonObject { ["versionId"] = PendingVersion, ["username"] = "orders", ["result"] = result, ["finishedAt"] = Time(DateTimeOffset.UtcNow) }),
                });
            await client.For(RotatingSecretResource.Type).PatchStatusAsync(ns, "held", patch, V1Patch.PatchType.JsonPatch, Ct);
        }, Ct);

        var (code, output, error) = await RunAsync("approve", "held", "-n", ns, "--wait", "--timeout", "30s");
        await operatorStandIn;

        code.Should().Be(expected, error);
        output.Should().Contain($"rotation {PendingVersion} of {ns}/held ended: {result}, user orders");
    }

    [Fact]
    public async Task Approve_wait_times_out_without_an_operator()
    {
        var ns = await SeedAsync();

        var (code, output, error) = await RunAsync("approve", "held", "-n", ns, "--wait", "--timeout", "2s", "-o", "json");

        code.Should().Be(ExitCodes.Timeout);
        error.Should().Contain("timed out");
        ((string?)JsonNode.Parse(output)!["outcome"]).Should().Be("Timeout");
    }

    [Fact]
    public async Task Rotate_wait_stops_waiting_when_the_rotation_awaits_approval()
    {
        var ns = await SeedAsync();

        // Stands in for the operator: the requested rotation starts and is held for approval.
        var operatorStandIn = Task.Run(async () =>
        {
            using var client = TestClients.Admin(testbed.Kube);
            var resources = client.For(RotatingSecretResource.Type);
            string? requested = null;
            while (requested is null)
            {
                await Task.Delay(200, Ct);
                var annotations = (await resources.GetAsync(ns, "held", Ct))!.Metadata.Annotations;
                requested = annotations?.TryGetValue(RequestAnnotations.RotateNow, out var value) == true ? value : null;
            }

            await resources.PatchStatusAsync(ns, "held", new JsonObject { ["status"] = new JsonObject { ["handledRotateNow"] = requested } }, V1Patch.PatchType.MergePatch, Ct);
        }, Ct);

        var (code, output, error) = await RunAsync("rotate", "held", "-n", ns, "--wait", "--timeout", "30s");
        await operatorStandIn;

        code.Should().Be(ExitCodes.NotReady, error);
        output.Should().Contain($"rotation {PendingVersion} of {ns}/held awaits approval: kubectl rotator approve held");
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => PluginRun.RunAsync(testbed.Kube.AdminKubeconfig, args);

    private Task<string?> ApprovalAsync(string ns, string name) => PluginRun.AnnotationAsync(testbed.Kube, ns, name, RequestAnnotations.Approve);

    /// <summary>A namespace with <c>held</c> (a rotation awaiting approval) and <c>idle</c> (none).</summary>
    private async Task<string> SeedAsync()
    {
        await CrdInstaller.EnsureAsync(testbed.Kube, Ct);
        using var client = TestClients.Admin(testbed.Kube);
        var ns = TestClients.UniqueName("approve");
        await client.For(ResourceTypes.Namespaces).CreateAsync(null, new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, Ct);
        var resources = client.For(RotatingSecretResource.Type);
        var now = DateTimeOffset.UtcNow;
        foreach (var (name, reason) in new[] { ("held", StatusReasons.AwaitingApproval), ("idle", StatusReasons.Idle) })
        {
            await resources.CreateAsync(ns, new RotatingSecret
            {
                Metadata = new V1ObjectMeta { Name = name },
                Spec = new RotatingSecretSpec
                {
                    SecretId = $"{ns}/{name}",
                    Rotation = new RotationSpec { Strategy = RotationStrategy.MySQLSingleUser, Approval = ApprovalMode.Manual },
                },
            }, Ct);
            var status = new JsonObject
            {
                ["currentVersionId"] = "v-1",
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = ConditionTypes.Rotating, ["status"] = reason == StatusReasons.Idle ? "False" : "True", ["reason"] = reason, ["message"] = reason, ["lastTransitionTime"] = Time(now),
                }),
            };
            if (reason == StatusReasons.AwaitingApproval)
            {
                status["rotation"] = new JsonObject
                {
                    ["versionId"] = PendingVersion, ["step"] = "setSecret", ["attempts"] = 0, ["startedAt"] = Time(now), ["approvalRequired"] = true, ["awaitingApprovalSince"] = Time(now),
                };
            }

            await resources.PatchStatusAsync(ns, name, new JsonObject { ["status"] = status }, V1Patch.PatchType.MergePatch, Ct);
        }

        return ns;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
